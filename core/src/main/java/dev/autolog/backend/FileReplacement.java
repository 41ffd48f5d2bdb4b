package dev.autolog.backend;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file written whole under a temporary name, then renamed over its target, so that a reader sees the old content
 * or the new, never a part: the local store's files, the MLflow spool's sync states, the CLI's caches.
 */
public final class FileReplacement {
    private static final long PID = ProcessHandle.current().pid();

    private FileReplacement() {
    }

    /**
     * A new dot-file name in {@code dir}: this process's id and 64 random bits (to be created with
     * {@code CREATE_NEW}, so a clash fails rather than mixes two writes). Not {@code UUID.randomUUID()}: a fresh JVM's
     * first {@code SecureRandom} draw costs more than a whole small write, and every draw is a SHA-1.
     */
    public static Path temporaryIn(Path dir) {
        return dir.resolve(".autolog-" + PID + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    }

    /** Renames {@code tmp} over {@code target}: atomically where the file system can, else as a plain replace. */
    public static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
