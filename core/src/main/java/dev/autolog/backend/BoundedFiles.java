package dev.autolog.backend;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a small file that may be hostile: only a regular file of at most a given size is read, checked before it is
 * opened, so a FIFO never blocks the reader and a device or huge file never fills its heap. A file that grows
 * while it is read is still cut at the bound.
 */
public final class BoundedFiles {
    /**
     * Above any small file MLflow writes: tag values stop at 8,000 characters, and a dataset's meta.yaml, the
     * largest, holds a schema of at most 1 MiB beside a bounded source and profile.
     */
    public static final int STORE_FILE_BYTES = 2 * 1024 * 1024;

    private BoundedFiles() {
    }

    /** The file's bytes; {@link UnreadableFileException} with the whole reason when it is no such file. */
    public static byte[] read(Path file, int maxBytes) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
            throw new UnreadableFileException("a directory, not a file");
        }
        if (!attributes.isRegularFile()) {
            throw new UnreadableFileException("not a regular file (a device, FIFO or socket)");
        }
        if (attributes.size() > maxBytes) {
            throw new UnreadableFileException(tooLarge(attributes.size(), maxBytes));
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            return read(channel, maxBytes);
        }
    }

    /** The bytes of an opened regular file; {@link UnreadableFileException} when it holds more than {@code maxBytes}. */
    public static byte[] read(SeekableByteChannel channel, int maxBytes) throws IOException {
        if (channel.size() > maxBytes) {
            throw new UnreadableFileException(tooLarge(channel.size(), maxBytes));
        }
        byte[] bytes = Channels.newInputStream(channel).readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new UnreadableFileException(tooLarge(bytes.length, maxBytes));
        }
        return bytes;
    }

    private static String tooLarge(long size, int maxBytes) {
        return "larger than " + maxBytes / 1024 + " KiB (" + size + " bytes)";
    }

    /** A file that is there but cannot be what the reader expects; the message is the whole reason. */
    public static final class UnreadableFileException extends IOException {
        UnreadableFileException(String why) {
            super(why);
        }
    }
}
