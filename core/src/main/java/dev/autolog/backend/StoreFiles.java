package dev.autolog.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * File writes of the local store. Whole-file writes go to a temporary file in {@code tempDir} (a directory MLflow
 * never lists as data, on the same file system) and are then renamed over the target, so a reader sees the old or
 * the new content, never a part. Temporary files are created with default permissions (not 0600 like
 * {@link Files#createTempFile}) so that an MLflow server running as another user can read the result.
 */
final class StoreFiles {
    private StoreFiles() {
    }

    static void atomicWrite(Path target, byte[] content, Path tempDir) throws IOException {
        Path tmp = tempFile(tempDir);
        boolean moved = false;
        try {
            Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            moveInto(tmp, target, tempDir);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    static void atomicCopy(Path source, Path target, Path tempDir) throws IOException {
        Path tmp = tempFile(tempDir);
        boolean moved = false;
        try {
            Files.copy(source, tmp);
            moveInto(tmp, target, tempDir);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * {@link Files#createDirectories} for a folder that mostly exists already, which that method finds out by
     * throwing and catching an exception: a cost the store would pay at every write.
     */
    static void folder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }

    /**
     * Creates the folders from {@code base} down to {@code dir} that are missing, refusing any that is a symbolic
     * link or not a folder: a link planted inside a run (a shared store, another user) must not redirect the run's
     * writes elsewhere. {@code base} itself is the caller's (a store root may well be a link to a larger disk).
     */
    static void folderInside(Path base, Path dir) throws IOException {
        if (!dir.startsWith(base)) {
            throw new IOException(dir + " is outside " + base);
        }
        Path at = base;
        for (Path part : base.relativize(dir)) {
            at = at.resolve(part);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException missing) {
                try {
                    Files.createDirectory(at);
                    continue;
                } catch (FileAlreadyExistsException raced) {
                    attributes = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                }
            }
            if (!attributes.isDirectory()) {
                throw new IOException(at + " is " + (attributes.isSymbolicLink() ? "a symbolic link" : "not a folder")
                        + ": the store writes only into real folders inside a run");
            }
        }
    }

    /**
     * Rewrites an existing file in place: not atomic, so only the last resort when no new file can be made (a full
     * disk); a small file keeps its blocks.
     */
    static void overwrite(Path target, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            long at = 0;
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
            ch.truncate(content.length);
        }
    }

    /** The subdirectories of {@code dir}, sorted by name; none when {@code dir} is not a directory. */
    static List<Path> subdirs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * All regular files under {@code dir} as '/'-separated relative paths, sorted; none when it is missing or a
     * symbolic link. A symbolic link is listed only when it leads to a file inside {@code dir} ({@link RunFiles}).
     */
    static List<String> filesUnder(Path dir) throws IOException {
        if (RunFiles.realFolder(dir) == null) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> isConfinedFile(dir, p)).map(p -> relative(dir, p)).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean isConfinedFile(Path dir, Path file) {
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || RunFiles.confined(dir, file) != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path base, Path file) {
        StringBuilder out = new StringBuilder();
        for (Path part : base.relativize(file)) {
            out.append(out.length() == 0 ? "" : "/").append(part);
        }
        return out.toString();
    }

    private static Path tempFile(Path dir) throws IOException {
        folder(dir);
        return FileReplacement.temporaryIn(dir);
    }

    private static void moveInto(Path tmp, Path target, Path base) throws IOException {
        folderInside(base, target.getParent());
        FileReplacement.move(tmp, target);
    }
}
