package dev.autolog.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** Files of the user's cache, written whole: to a temporary dot file beside the target, then renamed over it. */
final class CacheFiles {
    private CacheFiles() {
    }

    interface Writer {
        void write(Path temporary) throws IOException;
    }

    static void replace(Path target, Writer writer) throws IOException {
        Path dir = target.getParent();
        Path tmp = dir.resolve("." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(dir);
            writer.write(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // left behind: a dot file that is never read
            }
        }
    }
}
