package dev.autolog.cli;

import dev.autolog.backend.FileReplacement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the user's cache, written whole: to a temporary dot file beside the target, then renamed over it. */
final class CacheFiles {
    private CacheFiles() {
    }

    interface Writer {
        void write(Path temporary) throws IOException;
    }

    static void replace(Path target, Writer writer) throws IOException {
        Path dir = target.getParent();
        Path tmp = FileReplacement.temporaryIn(dir);
        try {
            Files.createDirectories(dir);
            writer.write(tmp);
            FileReplacement.move(tmp, target);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // left behind: a dot file that is never read
            }
        }
    }
}
