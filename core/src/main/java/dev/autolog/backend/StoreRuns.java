package dev.autolog.backend;

import dev.autolog.logging.Diagnostics;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where the local store's runs are. A run this store created keeps its metadata here, so that when its directory
 * vanishes while it is written ({@code rm -rf mlruns} during a training), the next write puts back what a reader
 * needs: the run's {@code meta.yaml} and its experiment's.
 */
final class StoreRuns {
    private final Path root;
    private final StoreExperiments experiments;
    private final Map<String, Path> dirs = new ConcurrentHashMap<>();
    private final Map<String, Created> created = new ConcurrentHashMap<>();
    /** Told the id of each run whose directory was written anew. */
    private volatile Consumer<String> recreatedListener = runId -> {
    };

    private record Created(String experimentName, Map<String, String> meta) {
    }

    StoreRuns(Path root, StoreExperiments experiments) {
        this.root = root;
        this.experiments = experiments;
    }

    void onRecreated(Consumer<String> listener) {
        this.recreatedListener = listener;
    }

    void created(String runId, Path dir, String experimentName, Map<String, String> meta) {
        dirs.put(runId, dir);
        created.put(runId, new Created(experimentName, new LinkedHashMap<>(meta)));
    }

    /** Keeps the metadata to recreate in step with what was last written. */
    void metaWritten(String runId, Map<String, String> meta) {
        created.computeIfPresent(runId, (id, c) -> new Created(c.experimentName(), new LinkedHashMap<>(meta)));
    }

    /** The run's directory, its metadata written again first when this store created it and it vanished. */
    Path dir(String runId) throws IOException {
        Path dir = runId == null ? null : dirs.get(runId);
        if (dir != null) {
            Created c = created.get(runId);
            if (c != null && !Files.exists(dir.resolve(LocalStore.META))) {
                recreate(runId, dir, c);
            }
            return dir;
        }
        StoreKeys.checkRunId(runId);
        for (Path experiment : StoreFiles.subdirs(root)) {
            Path candidate = experiment.resolve(runId);
            if (Files.isDirectory(candidate)) {
                dirs.put(runId, candidate);
                return candidate;
            }
        }
        throw new IOException("unknown run " + runId + ": no directory " + root + File.separator + "*" + File.separator
                + runId);
    }

    private void recreate(String runId, Path dir, Created c) throws IOException {
        experiments.recreate(c.meta().get("experiment_id"), c.experimentName());
        for (String folder : LocalStore.RUN_FOLDERS) {
            Files.createDirectories(dir.resolve(folder));
        }
        LocalStore.writeRunMeta(dir, c.meta());
        recreatedListener.accept(runId);
        Diagnostics.warnOnce("store-vanished:" + root, "the directory of run " + c.meta().get("run_name") + " ("
                + runId + ") vanished while it was being written: " + dir + "; wrote its meta.yaml and its"
                + " experiment's again so that the run stays readable; what it held before is lost, logging goes on");
    }
}
