package dev.autolog.run;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Random ids of runs and models: 128 bits written as 32 lowercase hex characters, with a version 4 UUID's version
 * and variant bits, like MLflow's {@code uuid4().hex}. The bits are read from the kernel's {@code /dev/urandom},
 * which is what the JDK's default {@code SecureRandom} reads on Linux and macOS too; only where it cannot be read is
 * that {@code SecureRandom} used. Not {@code UUID.randomUUID()}: its first call in a JVM sets up the security
 * providers, ~40 ms on the application thread that starts the JVM's first run.
 */
final class RandomIds {
    private static final String KERNEL_SOURCE = "/dev/urandom";

    private RandomIds() {
    }

    static String next() {
        return next(KERNEL_SOURCE);
    }

    /** {@code source}: where the random bits are read from, for tests. */
    static String next(String source) {
        byte[] bits = new byte[16];
        if (!read(source, bits)) {
            Fallback.RANDOM.nextBytes(bits);
        }
        bits[6] = (byte) ((bits[6] & 0x0f) | 0x40);
        bits[8] = (byte) ((bits[8] & 0x3f) | 0x80);
        return HexFormat.of().formatHex(bits);
    }

    private static boolean read(String source, byte[] bits) {
        try (InputStream in = new FileInputStream(source)) {
            return in.readNBytes(bits, 0, bits.length) == bits.length;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Created only where the kernel's source cannot be read. */
    private static final class Fallback {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
