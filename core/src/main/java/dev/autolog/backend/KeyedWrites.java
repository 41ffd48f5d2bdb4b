package dev.autolog.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The local store's writes of params, metrics and tags, each under its stored key: one {@link RunKeys} per run. */
final class KeyedWrites {
    private final Map<String, RunKeys> runKeys = new ConcurrentHashMap<>();

    interface KeyWrite {
        void to(String storedKey) throws IOException;
    }

    /** The writes of one batch to the run in {@code dir}, whose keys are {@code given}. */
    Batch batch(String runId, Path dir, Collection<String> given) throws IOException {
        RunKeys keys = runKeys.get(runId);
        if (keys == null) {
            Path tag = dir.resolve("tags").resolve(RunKeys.TAG);
            keys = RunKeys.read(Files.isRegularFile(tag) ? Files.readString(tag, StandardCharsets.UTF_8) : null);
            runKeys.put(runId, keys);
        }
        return new Batch(dir, keys, keys.map(given, name -> clashesOnDisk(dir, name, false)));
    }

    static final class Batch {
        private final Path dir;
        private final RunKeys keys;
        private final Map<String, String> stored;

        private Batch(Path dir, RunKeys keys, Map<String, String> stored) {
            this.dir = dir;
            this.keys = keys;
            this.stored = stored;
        }

        /**
         * Writes under the key's stored key; when that fails because the name clashes with the run's files (a key
         * {@code a} next to {@code a/b}), once more under a new stored key.
         */
        void write(String given, KeyWrite write) throws IOException {
            try {
                write.to(stored.get(given));
            } catch (IOException e) {
                if (!clashesOnDisk(dir, stored.get(given), true)) {
                    throw e;
                }
                String moved = keys.moveAside(given, name -> clashesOnDisk(dir, name, false));
                stored.put(given, moved);
                write.to(moved);
            }
        }

        /** The stored key of each key given to the batch. */
        Map<String, String> stored() {
            return Map.copyOf(stored);
        }

        /** Writes the run tag {@value RunKeys#TAG} when this batch renamed keys. */
        void finish(Failures failures) {
            if (keys.takeChanged()) {
                failures.run(1, () -> StoreFiles.atomicWrite(StoreKeys.keyFile(dir.resolve("tags"), RunKeys.TAG),
                        keys.tagValue().getBytes(StandardCharsets.UTF_8), dir));
            }
        }
    }

    /**
     * Whether {@code key} clashes with the files of the run's params, metrics or tags (one key table for the three):
     * a folder on its path is a file, or (unless {@code onlyFolders}) it exists already.
     */
    private static boolean clashesOnDisk(Path dir, String key, boolean onlyFolders) {
        for (String folder : List.of("metrics", "params", "tags")) {
            Path file = dir.resolve(folder);
            String[] parts = key.split("/");
            for (int i = 0; i < parts.length; i++) {
                file = file.resolve(parts[i]);
                boolean last = i == parts.length - 1;
                if (last ? (onlyFolders ? Files.isDirectory(file) : Files.exists(file)) : Files.isRegularFile(file)) {
                    return true;
                }
            }
        }
        return false;
    }
}
