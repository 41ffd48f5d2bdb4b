package dev.autolog.agent.tooling;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Defines the engine's classes straight into the bootstrap loader, where every class loader's framework classes can
 * call the hooks. Appending a jar to the bootstrap class path would do the same, but then HotSpot prints "Sharing is
 * only supported for boot loader classes because bootstrap classpath has been appended" on the application's stderr
 * and stops sharing (CDS) its application and platform classes, which slows the host's class loading. The classes
 * come from {@code boot/engine.bin}, which the build wrote ({@link BootImage}) in an order the bootstrap loader can
 * define them in: each after its supertypes, which it cannot look up in a file.
 */
public final class BootEngine {
    private static final String IMAGE = "boot/engine.bin";
    private static final String UNSAFE = "jdk.internal.misc.Unsafe";
    /** The engine's version once defined here; null otherwise. */
    private static volatile String version;
    /** Why {@link #define} failed, if it did. */
    private static volatile Throwable failure;

    private BootEngine() {
    }

    /**
     * Defines every class of the engine in the bootstrap loader; throws when it cannot (the caller then appends the
     * engine's jar to the bootstrap class path instead).
     */
    public static void define(Instrumentation inst, File agentJar) throws Exception {
        try {
            defineAll(inst, agentJar);
        } catch (Exception | LinkageError e) {
            failure = e;
            throw e;
        }
    }

    private static void defineAll(Instrumentation inst, File agentJar) throws Exception {
        inst.redefineModule(Object.class.getModule(), Set.of(),
                Map.of(UNSAFE.substring(0, UNSAFE.lastIndexOf('.')), Set.of(BootEngine.class.getModule())),
                Map.of(), Set.of(), Map.of());
        Class<?> unsafeClass = Class.forName(UNSAFE);
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method defineClass = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        byte[] image = image(agentJar);
        ByteArrayInputStream bytes = new ByteArrayInputStream(image);
        DataInputStream in = new DataInputStream(bytes);
        String engineVersion = in.readUTF();
        for (int n = in.readInt(); n > 0; n--) {
            String name = in.readUTF();
            int length = in.readInt();
            int offset = image.length - bytes.available();
            in.skipNBytes(length);
            defineClass.invoke(unsafe, name, image, offset, length, null, null); // a slice: no copy of each class
        }
        version = engineVersion;
    }

    /** The engine's version when {@link #define} defined it, else null (its jar's manifest then says it). */
    public static String version() {
        return version;
    }

    /** Why {@link #define} failed, or null when it did not or was not called. */
    public static Throwable failure() {
        return failure;
    }

    /** The image's bytes, read into one array of its size. */
    private static byte[] image(File agentJar) throws IOException {
        try (JarFile jar = new JarFile(agentJar, false)) {
            ZipEntry entry = jar.getEntry(IMAGE);
            if (entry == null) {
                throw new IOException(IMAGE + " is missing from " + agentJar);
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return entry.getSize() >= 0 && entry.getSize() < Integer.MAX_VALUE - 8
                        ? in.readNBytes((int) entry.getSize()) : in.readAllBytes();
            }
        }
    }
}
