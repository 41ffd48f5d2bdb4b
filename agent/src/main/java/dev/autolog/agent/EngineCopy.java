package dev.autolog.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This JVM's copy of the engine in the temporary directory, {@code autolog-boot-<n>.jar}, and beside it
 * {@code autolog-boot-<n>.jar.lock}, which this JVM keeps locked for its whole life: the operating system drops
 * the lock when the process ends, however it ends, so {@link StaleEngineCopies} can tell a dead JVM's copy from a
 * live one's. The lock is on a file of its own because on POSIX systems closing any descriptor of a file drops
 * every lock the process holds on it, and the jar itself is opened and closed by others (the JVM, jar: URLs).
 */
final class EngineCopy {
    static final String PREFIX = "autolog-boot-";
    static final String JAR = ".jar";
    static final String LOCK = ".lock";

    private static final Set<StandardOpenOption> NEW_FILE = EnumSet.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
    /** Held open, never read: closing it (or its being collected) would release the lock. */
    private static FileChannel ownLock;

    private EngineCopy() {
    }

    /** Writes {@code engine} to a new copy in {@code dir}, locked for this JVM's life and deleted at its exit. */
    static Path create(Path dir, InputStream engine) throws IOException {
        Path jar = dir.resolve(PREFIX + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + JAR);
        Path lock = lockOf(jar);
        // new files only (never through a link planted under a guessed name), so no SecureRandom name is needed:
        // its first use in a JVM costs tens of milliseconds of start-up
        FileChannel channel = FileChannel.open(lock, NEW_FILE, ownerOnly());
        lock.toFile().deleteOnExit(); // registered first, so deleted after the jar
        if (channel.tryLock() == null) {
            channel.close();
            throw new IOException("cannot lock " + lock);
        }
        ownLock = channel;
        OutputStream out = Channels.newOutputStream(Files.newByteChannel(jar, NEW_FILE, ownerOnly()));
        jar.toFile().deleteOnExit();
        try {
            byte[] buffer = new byte[65536];
            for (int n; (n = engine.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } finally {
            out.close();
        }
        return jar;
    }

    static Path lockOf(Path jar) {
        return jar.resolveSibling(jar.getFileName() + LOCK);
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
}
