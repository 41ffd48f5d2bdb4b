package dev.autolog.model;

import dev.autolog.backend.Backend;
import dev.autolog.logging.Diagnostics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes one MLflow Model directory under a run's artifacts, on the writer thread: the framework's files (each
 * written once), the input example, {@code MLmodel}, and for Python-loadable flavors the environment files
 * (research/mlflow-models.md §1).
 */
public final class ModelDirectory {
    /** The MLflow release whose formats these files follow. */
    public static final String MLFLOW_VERSION = "3.11.1";
    /** The Python the environment files name (the one the formats were verified with). */
    static final String PYTHON_VERSION = "3.11.2";
    static final String MLMODEL = "MLmodel";
    static final String INPUT_EXAMPLE = "input_example.json";
    static final String SERVING_INPUT_EXAMPLE = "serving_input_example.json";
    private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final boolean withSignature;
    private final boolean withInputExample;

    public ModelDirectory(boolean withSignature, boolean withInputExample) {
        this.withSignature = withSignature;
        this.withInputExample = withInputExample;
    }

    /** Writes the directory {@code path} (e.g. {@code model}) of {@code runId}'s artifacts. */
    public void write(Backend backend, String runId, String path, String modelId, ModelSpec spec, long createdMillis)
            throws IOException {
        long size = 0;
        Map<String, Object> flavors = new LinkedHashMap<>(spec.flavors());
        Map<String, Object> pythonFunction = spec.pythonFunction();
        for (ModelFile file : spec.files()) {
            String target = path + "/" + file.name();
            if (file.source() != null) {
                backend.logArtifactFile(runId, target, file.source());
                size += sizeOf(file.source());
                continue;
            }
            byte[] content = file.flavor() == null ? file.bytes().get() : quietly(file.bytes(), file.flavor() + " export");
            if (content == null) {
                flavors.remove(file.flavor());
                if (pythonFunction != null && file.name().equals(pythonFunction.get("data"))) {
                    pythonFunction = null;
                }
                continue;
            }
            backend.logArtifact(runId, target, content);
            size += content.length;
        }
        Map<String, Object> mlmodel = new LinkedHashMap<>();
        InputExample example = withInputExample ? quietly(spec.inputExample(), "input example") : null;
        if (example != null) {
            byte[] exampleJson = utf8(example.exampleJson());
            byte[] servingJson = utf8(example.servingJson());
            backend.logArtifact(runId, path + "/" + INPUT_EXAMPLE, exampleJson);
            backend.logArtifact(runId, path + "/" + SERVING_INPUT_EXAMPLE, servingJson);
            size += exampleJson.length + servingJson.length;
            mlmodel.put("saved_input_example_info", example.info());
        }
        Signature signature = withSignature ? quietly(spec.signature(), "signature") : null;
        if (signature != null) {
            mlmodel.put("signature", signature.toMlModel());
        }
        if (pythonFunction != null) {
            Map<String, Object> pyfunc = new LinkedHashMap<>(pythonFunction);
            pyfunc.put("env", Map.of("conda", "conda.yaml", "virtualenv", "python_env.yaml"));
            pyfunc.put("python_version", PYTHON_VERSION);
            flavors.put("python_function", pyfunc);
        }
        mlmodel.put("artifact_path", path);
        mlmodel.put("flavors", flavors);
        mlmodel.put("mlflow_version", MLFLOW_VERSION);
        mlmodel.put("model_id", modelId);
        mlmodel.put("model_size_bytes", size);
        mlmodel.put("model_uuid", modelId);
        mlmodel.put("run_id", runId);
        mlmodel.put("utc_time_created", utcTimeCreated(createdMillis));
        backend.logArtifact(runId, path + "/" + MLMODEL, utf8(NestedYaml.format(mlmodel)));
        if (pythonFunction != null) {
            PythonEnvironment env = new PythonEnvironment(MLFLOW_VERSION, PYTHON_VERSION, spec.pipRequirements());
            backend.logArtifact(runId, path + "/requirements.txt", utf8(env.requirementsTxt()));
            backend.logArtifact(runId, path + "/python_env.yaml", utf8(env.pythonEnvYaml()));
            backend.logArtifact(runId, path + "/conda.yaml", utf8(env.condaYaml()));
        }
    }

    /** Python's {@code str(datetime)} of naive UTC: microseconds dropped when zero. */
    static String utcTimeCreated(long millis) {
        String seconds = UTC_SECONDS.format(Instant.ofEpochMilli(millis));
        long ms = Math.floorMod(millis, 1000L);
        return ms == 0 ? seconds : seconds + String.format(".%06d", ms * 1000);
    }

    /** A signature, example or export that cannot be derived leaves the model without it: one debug line. */
    private static <T> T quietly(java.util.function.Supplier<T> source, String what) {
        try {
            return source == null ? null : source.get();
        } catch (RuntimeException | LinkageError e) {
            Diagnostics.debug("model " + what + " not logged: " + e);
            return null;
        }
    }

    private static long sizeOf(Path source) throws IOException {
        if (Files.isRegularFile(source)) {
            return Files.size(source);
        }
        try (Stream<Path> walk = Files.walk(source)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
