package dev.autolog.backend;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Keeps reads of a run inside its folders: a file of {@code params/}, {@code tags/}, {@code metrics/} or
 * {@code artifacts/} is read only when its real path (every symbolic link resolved) lies inside that folder's real
 * path, and the folder itself is a real directory, not a symbolic link. A store is hostile input: a link in it must
 * never make a reader show a file from elsewhere on the machine.
 */
public final class RunFiles {
    private RunFiles() {
    }

    /**
     * The real path of {@code file} when it is a regular file inside {@code folder}; null when it is not (missing,
     * a directory, or outside through a symbolic link).
     */
    public static Path confined(Path folder, Path file) throws IOException {
        Path real = realFolder(folder);
        if (real == null || !Files.isRegularFile(file)) {
            return null;
        }
        Path target;
        try {
            target = file.toRealPath();
        } catch (NoSuchFileException vanished) {
            return null;
        }
        return target.startsWith(real) && !target.equals(real) ? target : null;
    }

    /** The folder's real path; null when it is missing, not a directory or itself a symbolic link. */
    static Path realFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return folder.toRealPath();
        } catch (NoSuchFileException vanished) {
            return null;
        }
    }

    /**
     * The file at {@code relative} ('/'-separated) inside {@code folder}, opened so that its bytes come from inside
     * the folder's real path even while folders in between are renamed or swapped for links ({@link ConfinedWalk});
     * null when there is no such file inside it (missing, a directory, or outside through a symbolic link, all
     * alike).
     *
     * @throws BoundedFiles.UnreadableFileException when it is there but not a regular file (a FIFO, device or socket)
     */
    public static SeekableByteChannel open(Path folder, String relative) throws IOException {
        try (ConfinedFolder f = ConfinedFolder.of(folder)) {
            return f.open(relative);
        }
    }

    /** The bytes of a file inside {@code folder}, given by its '/'-separated path there; null when not confined. */
    static byte[] read(Path folder, String relative) throws IOException {
        try (SeekableByteChannel channel = openRegular(folder, relative)) {
            return channel == null ? null : Channels.newInputStream(channel).readAllBytes();
        }
    }

    /**
     * As {@link #read}, for a file that is small when MLflow writes it (a param, a tag, a meta.yaml, an MLmodel): null
     * also when it is larger than {@link BoundedFiles#STORE_FILE_BYTES}, so a planted huge file cannot fill the
     * reader's heap.
     */
    static byte[] readSmall(Path folder, String relative) throws IOException {
        try (SeekableByteChannel channel = openRegular(folder, relative)) {
            return channel == null ? null : BoundedFiles.read(channel, BoundedFiles.STORE_FILE_BYTES);
        } catch (BoundedFiles.UnreadableFileException notAStoreFile) {
            return null;
        }
    }

    /** As {@link #open}, null also for a FIFO, device or socket. */
    private static SeekableByteChannel openRegular(Path folder, String relative) throws IOException {
        try (ConfinedFolder f = ConfinedFolder.of(folder)) {
            return f.openRegular(relative);
        }
    }
}
