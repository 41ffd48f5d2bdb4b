package dev.autolog.agent.tooling;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** A model as Java serialization writes it: the format frameworks without their own (Smile, Tribuo 4.2) use. */
public final class JavaSerialization {
    public static final String FILE = "model.ser";
    /** How the JVM reads the file back, for the model's flavor block. */
    public static final String LOADER = "java.io.ObjectInputStream#readObject";

    private JavaSerialization() {
    }

    /** The model's file, serialised on the writer thread. */
    public static Supplier<byte[]> deferred(Object model) {
        return () -> bytes(model);
    }

    public static byte[] bytes(Object model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
