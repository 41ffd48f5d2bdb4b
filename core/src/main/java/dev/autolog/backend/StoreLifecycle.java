package dev.autolog.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Lifecycle edits of a local store the way MLflow's file store makes them: a deleted run stays in place with
 * {@code lifecycle_stage: deleted} and a {@code deleted_time}; a deleted experiment gets the same stage and its
 * directory moves to {@code .trash/<id>}; restoring undoes both. Metadata files are replaced atomically.
 */
public final class StoreLifecycle {
    public static final String TRASH = ".trash";
    private static final Set<String> NUMERIC_EXPERIMENT_FIELDS = Set.of("creation_time", "last_update_time");

    private final Path root;

    public StoreLifecycle(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public void deleteRun(RunInfo run, long nowMillis) throws IOException {
        Map<String, String> meta = YamlMeta.read(run.dir().resolve(LocalStore.META));
        meta.put("lifecycle_stage", "deleted");
        meta.put("deleted_time", Long.toString(nowMillis));
        LocalStore.writeRunMeta(run.dir(), meta);
    }

    public void restoreRun(RunInfo run) throws IOException {
        Map<String, String> meta = YamlMeta.read(run.dir().resolve(LocalStore.META));
        meta.put("lifecycle_stage", "active");
        meta.put("deleted_time", null);
        LocalStore.writeRunMeta(run.dir(), meta);
    }

    public void renameExperiment(String experimentId, String newName, long nowMillis) throws IOException {
        Path dir = root.resolve(experimentId);
        Map<String, String> meta = YamlMeta.read(dir.resolve(LocalStore.META));
        meta.put("name", newName);
        meta.put("last_update_time", Long.toString(nowMillis));
        writeExperimentMeta(dir, meta);
    }

    /** Marks the experiment deleted and moves it to {@code .trash}. */
    public void deleteExperiment(String experimentId, long nowMillis) throws IOException {
        Path dir = root.resolve(experimentId);
        Path trashed = root.resolve(TRASH).resolve(experimentId);
        if (Files.exists(trashed)) {
            throw new FileAlreadyExistsException(trashed.toString(), null, "the trash already holds this id");
        }
        setExperimentStage(dir, "deleted", nowMillis);
        Files.createDirectories(trashed.getParent());
        Files.move(dir, trashed);
    }

    /** Moves the experiment back from {@code .trash} and marks it active. */
    public void restoreExperiment(String experimentId, long nowMillis) throws IOException {
        Path trashed = root.resolve(TRASH).resolve(experimentId);
        Path dir = root.resolve(experimentId);
        if (Files.exists(dir)) {
            throw new FileAlreadyExistsException(dir.toString(), null, "an experiment with this id is active");
        }
        Files.move(trashed, dir);
        setExperimentStage(dir, "active", nowMillis);
    }

    private static void setExperimentStage(Path dir, String stage, long nowMillis) throws IOException {
        Map<String, String> meta = YamlMeta.read(dir.resolve(LocalStore.META));
        meta.put("lifecycle_stage", stage);
        meta.put("last_update_time", Long.toString(nowMillis));
        writeExperimentMeta(dir, meta);
    }

    private static void writeExperimentMeta(Path dir, Map<String, String> meta) throws IOException {
        Map<String, Object> typed = new LinkedHashMap<>();
        meta.forEach((k, v) -> typed.put(k, v != null && NUMERIC_EXPERIMENT_FIELDS.contains(k)
                && v.matches("-?[0-9]{1,18}") ? (Object) Long.parseLong(v) : v));
        StoreFiles.atomicWrite(dir.resolve(LocalStore.META), YamlMeta.format(typed).getBytes(StandardCharsets.UTF_8),
                dir);
    }
}
