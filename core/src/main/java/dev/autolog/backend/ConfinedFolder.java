package dev.autolog.backend;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.List;

/**
 * A folder of a run opened once, whose files are then each opened confined to it as {@link ConfinedWalk} does: a
 * reader of many files of one folder (the store index's params and tags) opens the folder once, not once per file.
 */
public final class ConfinedFolder implements Closeable {
    private final Path folder;
    private final Path absolute;
    /** Null when there is no such folder (missing, not a directory, a link). */
    private final Path real;
    /** Null where the platform has none ({@link #secure} false) or the folder could not be opened without links. */
    private final SecureDirectoryStream<Path> root;
    private final boolean secure;

    private ConfinedFolder(Path folder, Path real, SecureDirectoryStream<Path> root, boolean secure) {
        this.folder = folder;
        this.absolute = folder.toAbsolutePath();
        this.real = real;
        this.root = root;
        this.secure = secure;
    }

    /** {@code folder} opened without following a link; its files are then read with {@link #open}. */
    public static ConfinedFolder of(Path folder) throws IOException {
        Path real = RunFiles.realFolder(folder);
        Path absolute = folder.toAbsolutePath();
        if (real == null || absolute.getParent() == null) {
            return new ConfinedFolder(folder, null, null, true);
        }
        try (DirectoryStream<Path> parent = Files.newDirectoryStream(absolute.getParent())) {
            if (!(parent instanceof SecureDirectoryStream<Path> secure)) {
                return new ConfinedFolder(folder, real, null, false);
            }
            return new ConfinedFolder(folder, real,
                    secure.newDirectoryStream(absolute.getFileName(), ConfinedWalk.NO_FOLLOW), true);
        } catch (AccessDeniedException denied) {
            throw denied;
        } catch (FileSystemException goneOrALink) { // missing, not a directory, or a link (ELOOP) since its check
            return new ConfinedFolder(folder, null, null, true);
        }
    }

    /**
     * The open file at {@code relative} ('/'-separated) inside the folder; null when there is no such file inside it
     * (missing, a directory, outside through a link, a {@code ..} step, or the folder itself a link).
     *
     * @throws BoundedFiles.UnreadableFileException when it is there but not a regular file (a FIFO, device or socket)
     */
    public SeekableByteChannel open(String relative) throws IOException {
        List<String> names = ConfinedWalk.names(relative);
        if (names == null || names.isEmpty() || real == null) {
            return null;
        }
        if (!secure) {
            return ConfinedWalk.openByPath(folder, real, relative);
        }
        try {
            return root == null ? null : ConfinedWalk.walk(root, absolute, real, names);
        } catch (NoSuchFileException | NotDirectoryException gone) {
            return null;
        } catch (AccessDeniedException denied) {
            throw denied;
        } catch (FileSystemException linkOrRace) {
            return null; // ELOOP or ENOTDIR: a name became a link or a file between its check and its opening
        }
    }

    /** As {@link #open}, null also for a FIFO, device or socket. */
    public SeekableByteChannel openRegular(String relative) throws IOException {
        try {
            return open(relative);
        } catch (BoundedFiles.UnreadableFileException notRegular) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        if (root != null) {
            root.close();
        }
    }
}
