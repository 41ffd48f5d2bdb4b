package dev.autolog.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLflow 3's file-store layout for LoggedModels (research §4.5): {@code <exp>/models/<m-id>/{meta.yaml, params/,
 * tags/, metrics/}} and the run's output link {@code <exp>/<run>/outputs/<m-id>/meta.yaml}. The model's
 * {@code artifact_location} is the run's model directory, so its bytes are written once.
 */
final class StoreLoggedModels {
    static final String MODELS = "models";
    static final String OUTPUTS = "outputs";
    /** Context tags MLflow copies from the run to its LoggedModels. */
    private static final List<String> CONTEXT_TAGS = List.of("mlflow.user", "mlflow.source.name", "mlflow.source.type");

    private StoreLoggedModels() {
    }

    static void create(Path runDir, String runArtifactUri, LoggedModel model) throws IOException {
        StoreKeys.checkRunId(model.modelId());
        Path dir = modelDir(runDir, model.modelId());
        for (String folder : List.of("metrics", "params", "tags")) {
            Files.createDirectories(dir.resolve(folder));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("artifact_location", runArtifactUri + "/" + model.name());
        meta.put("creation_timestamp", model.creationTimeMillis());
        meta.put("experiment_id", runDir.getParent().getFileName().toString());
        meta.put("last_updated_timestamp", model.creationTimeMillis());
        meta.put("lifecycle_stage", "active");
        meta.put("model_id", model.modelId());
        meta.put("model_type", null);
        meta.put("name", model.name());
        meta.put("source_run_id", model.runId());
        meta.put("status", LoggedModelStatus.PENDING.code());
        meta.put("status_message", null);
        StoreFiles.atomicWrite(dir.resolve(LocalStore.META), utf8(YamlMeta.format(meta)), dir);
        for (String tag : CONTEXT_TAGS) {
            Path runTag = runDir.resolve("tags").resolve(tag);
            if (Files.isRegularFile(runTag)) {
                StoreFiles.atomicCopy(runTag, dir.resolve("tags").resolve(tag), dir);
            }
        }
        Path output = runDir.resolve(OUTPUTS).resolve(model.modelId());
        // destination_id repeats source_id as MLflow's own file store writes it
        String link = "destination_id: " + model.modelId() + "\ndestination_type: MODEL_OUTPUT\nsource_id: "
                + model.modelId() + "\nsource_type: RUN_OUTPUT\nstep: 0\ntags: {}\n";
        StoreFiles.atomicWrite(output.resolve(LocalStore.META), utf8(link), runDir);
    }

    static void params(Path runDir, String modelId, List<Param> params) throws IOException {
        Path dir = existingModelDir(runDir, modelId);
        for (Param p : params) {
            Path file = StoreKeys.keyFile(dir.resolve("params"), p.key());
            if (!Files.exists(file)) {
                StoreFiles.atomicWrite(file, utf8(String.valueOf(p.value())), dir);
            }
        }
    }

    /** Each key's {@code <ts> <value> <step> <run_id>} lines in one append, under its {@code stored} key. */
    static void metrics(AppendFiles appends, Path runDir, String modelId, Map<String, MetricFileLines> lines,
                        Map<String, String> stored) throws IOException {
        Path dir = existingModelDir(runDir, modelId);
        for (Map.Entry<String, MetricFileLines> e : lines.entrySet()) {
            appends.append(dir, StoreKeys.keyFile(dir.resolve("metrics"), stored.get(e.getKey())), e.getValue().bytes());
        }
    }

    /** Rewrites meta.yaml with the final status, without {@code lifecycle_stage}, as MLflow's finalize does. */
    static void finalize(Path runDir, String modelId, LoggedModelStatus status, long timeMillis) throws IOException {
        Path dir = existingModelDir(runDir, modelId);
        Map<String, String> read = YamlMeta.read(dir.resolve(LocalStore.META));
        Map<String, Object> meta = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : read.entrySet()) {
            switch (e.getKey()) {
                case "lifecycle_stage" -> {
                }
                case "creation_timestamp" -> meta.put(e.getKey(), Long.parseLong(e.getValue()));
                case "last_updated_timestamp" -> meta.put(e.getKey(), timeMillis);
                case "status" -> meta.put(e.getKey(), status.code());
                default -> meta.put(e.getKey(), e.getValue());
            }
        }
        StoreFiles.atomicWrite(dir.resolve(LocalStore.META), utf8(YamlMeta.format(meta)), dir);
    }

    static Path modelDir(Path runDir, String modelId) {
        return runDir.getParent().resolve(MODELS).resolve(modelId);
    }

    private static Path existingModelDir(Path runDir, String modelId) throws IOException {
        StoreKeys.checkRunId(modelId);
        Path dir = modelDir(runDir, modelId);
        if (!Files.isRegularFile(dir.resolve(LocalStore.META))) {
            throw new IOException("unknown logged model " + modelId + ": no " + dir.resolve(LocalStore.META));
        }
        return dir;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
