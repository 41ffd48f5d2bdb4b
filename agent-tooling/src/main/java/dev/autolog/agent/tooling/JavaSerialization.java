package dev.autolog.agent.tooling;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/** A model as Java serialization writes it: the format frameworks without their own (Smile, Tribuo 4.2) use. */
public final class JavaSerialization {
    public static final String ARTIFACT = "model/model.ser";

    private JavaSerialization() {
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
