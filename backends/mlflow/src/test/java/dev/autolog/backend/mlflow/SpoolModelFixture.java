package dev.autolog.backend.mlflow;

import dev.autolog.backend.LocalStoreReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes what the local side puts into a store for a trained model, in MLflow 3's file-store layout
 * (../shared/research/mlflow-models.md §4.5): the LoggedModel {@code <exp>/models/<m-id>/}, its link
 * {@code <exp>/<run>/outputs/<m-id>/meta.yaml}, model metric lines {@code <ts> <value> <step> <run id>}, and a
 * version of the file-store model registry ({@code models/<name>/version-<n>/}).
 */
final class SpoolModelFixture {
    private final Path store;
    private final Path runDir;
    private final String runId;

    SpoolModelFixture(Path store, String runId) {
        this.store = store;
        this.runId = runId;
        this.runDir = new LocalStoreReader(store).run(runId).orElseThrow().dir();
    }

    private Path modelDir(String modelId) {
        return runDir.getParent().resolve("models").resolve(modelId);
    }

    /** A LoggedModel named after its model path, {@code status} 1 PENDING, 2 READY or 3 FAILED. */
    void loggedModel(String modelId, String name, int status, Map<String, String> params, Map<String, String> tags)
            throws IOException {
        Path dir = modelDir(modelId);
        Files.createDirectories(dir.resolve("metrics"));
        write(dir.resolve("meta.yaml"), "artifact_location: " + runDir.resolve("artifacts").resolve(name).toUri()
                + "\ncreation_timestamp: 1700000000100\nexperiment_id: '" + runDir.getParent().getFileName()
                + "'\nlast_updated_timestamp: 1700000000100\n" + (status == 1 ? "lifecycle_stage: active\n" : "")
                + "model_id: " + modelId + "\nmodel_type: null\nname: " + name + "\nsource_run_id: " + runId
                + "\nstatus: " + status + "\nstatus_message: null\n");
        keyValues(dir.resolve("params"), params);
        keyValues(dir.resolve("tags"), tags);
        write(runDir.resolve("outputs").resolve(modelId).resolve("meta.yaml"), "destination_id: " + modelId
                + "\ndestination_type: MODEL_OUTPUT\nsource_id: " + modelId + "\nsource_type: RUN_OUTPUT\nstep: 0\ntags: {}\n");
    }

    void status(String modelId, int status) throws IOException {
        Path meta = modelDir(modelId).resolve("meta.yaml");
        String text = Files.readString(meta).replaceFirst("status: \\d", "status: " + status)
                .replace("lifecycle_stage: active\n", "");
        write(meta, text);
    }

    void tag(String modelId, String key, String value) throws IOException {
        write(modelDir(modelId).resolve("tags").resolve(key), value);
    }

    void metric(String modelId, String key, long timestamp, double value, long step) throws IOException {
        Path file = modelDir(modelId).resolve("metrics").resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, timestamp + " " + value + " " + step + " " + runId + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * Version {@code version} of registered model {@code name}, made from the model {@code modelId} (path
     * {@code model}) of the run; the source is the run's model directory, as the local store registers it.
     */
    void registration(String name, int version, String modelId, Map<String, String> tags) throws IOException {
        Path registered = store.resolve("models").resolve(name);
        write(registered.resolve("meta.yaml"), "aliases: []\ncreation_timestamp: 1700000000200\ndescription: null\n"
                + "last_updated_timestamp: 1700000000200\nname: '" + name + "'\n");
        Path dir = registered.resolve("version-" + version);
        String source = runDir.resolve("artifacts").resolve("model").toUri().toString().replaceAll("/$", "");
        write(dir.resolve("meta.yaml"), "aliases: []\ncreation_timestamp: 1700000000300\ncurrent_stage: None\n"
                + "description: null\nlast_updated_timestamp: 1700000000300\nmodel_id: " + modelId + "\nname: '" + name
                + "'\nrun_id: " + runId + "\nrun_link: null\nsource: " + source + "\nstatus: READY\n"
                + "status_message: null\nstorage_location: " + source + "\nuser_id: null\nversion: " + version + "\n");
        keyValues(dir.resolve("tags"), tags);
    }

    private static void keyValues(Path dir, Map<String, String> entries) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : entries.entrySet()) {
            write(dir.resolve(e.getKey()), e.getValue());
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
