package dev.autolog.backend;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Experiment lookup and creation for the local store. Creation happens under the exclusive lock file
 * {@code <root>/.autolog-lock} with a re-scan inside the lock, so processes racing to create one name agree on
 * one id.
 */
final class StoreExperiments {
    static final String DEFAULT_EXPERIMENT = "Default";
    static final String DEFAULT_EXPERIMENT_ID = "0";
    static final String LOCK_FILE = ".autolog-lock";
    /** FileChannel.lock is held per process: threads of this JVM (one store each) must take turns first. */
    private static final Object JVM_LOCK = new Object();

    private final Path root;
    private final String rootUri;
    private final Map<String, String> ids = new ConcurrentHashMap<>();

    StoreExperiments(Path root, String rootUri) {
        this.root = root;
        this.rootUri = rootUri;
    }

    /** The id of the active experiment with this name, creating it when there is none. */
    String idOf(String name) throws IOException {
        String id = ids.get(name);
        if (id != null && !Files.isRegularFile(root.resolve(id).resolve(LocalStore.META))) {
            if (Files.exists(root.resolve(StoreLifecycle.TRASH).resolve(id))) {
                id = null; // deleted since it was cached: the name gets a new experiment
            } else {
                recreate(id, name); // the directory vanished: runs under way keep their experiment
            }
        }
        if (id == null) {
            id = find(name);
        }
        if (id == null) {
            id = locked(() -> {
                String found = find(name); // another process may have created it meanwhile
                return found != null ? found : create(name);
            });
        }
        ids.put(name, id);
        return id;
    }

    /** Writes the {@code meta.yaml} of experiment {@code id} again when it is missing (its directory vanished). */
    void recreate(String id, String name) throws IOException {
        locked(() -> {
            if (!Files.isRegularFile(root.resolve(id).resolve(LocalStore.META))) {
                writeMeta(id, name);
            }
            return id;
        });
    }

    private interface LockedAction {
        String run() throws IOException;
    }

    private String locked(LockedAction action) throws IOException {
        synchronized (JVM_LOCK) {
            Files.createDirectories(root);
            try (FileChannel ch = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                return action.run();
            }
        }
    }

    /** Active experiments only: a name whose experiment was deleted gets a new experiment. */
    private String find(String name) throws IOException {
        for (Path dir : StoreFiles.subdirs(root)) {
            String id = dir.getFileName().toString();
            Map<String, String> meta = readMeta(dir);
            if (meta != null && id.equals(meta.get("experiment_id")) && name.equals(meta.get("name"))
                    && !"deleted".equals(meta.get("lifecycle_stage"))) {
                return id;
            }
        }
        return null;
    }

    /** Called holding the lock. "Default" takes id 0 unless that is another experiment's; others a random id. */
    private String create(String name) throws IOException {
        String id = null;
        if (name.equals(DEFAULT_EXPERIMENT) && readMeta(root.resolve(DEFAULT_EXPERIMENT_ID)) == null) {
            id = DEFAULT_EXPERIMENT_ID;
            Files.createDirectories(root.resolve(id));
        }
        while (id == null) {
            String candidate = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L,
                    1_000_000_000_000_000_000L));
            try {
                Files.createDirectory(root.resolve(candidate));
                id = candidate;
            } catch (FileAlreadyExistsException taken) {
                // try another id
            }
        }
        writeMeta(id, name);
        return id;
    }

    private void writeMeta(String id, String name) throws IOException {
        long now = System.currentTimeMillis();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("artifact_location", rootUri + "/" + id);
        meta.put("creation_time", now);
        meta.put("experiment_id", id);
        meta.put("last_update_time", now);
        meta.put("lifecycle_stage", "active");
        meta.put("name", name);
        Path dir = root.resolve(id);
        StoreFiles.atomicWrite(dir.resolve(LocalStore.META), YamlMeta.format(meta).getBytes(StandardCharsets.UTF_8),
                dir);
    }

    private static Map<String, String> readMeta(Path dir) {
        try {
            return YamlMeta.read(dir.resolve(LocalStore.META));
        } catch (IOException e) {
            return null;
        }
    }
}
