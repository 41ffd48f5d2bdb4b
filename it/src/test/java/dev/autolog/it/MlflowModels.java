package dev.autolog.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.RunInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads the MLflow Model directories and LoggedModels the agent wrote, as MLflow's Python reader would (a YAML 1.1
 * parser, JSON strings inside), and checks them against research/mlflow-models.md.
 */
final class MlflowModels {
    static final Pattern MODEL_ID = Pattern.compile("m-[0-9a-f]{32}");
    private static final Pattern UTC_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{6})?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private MlflowModels() {
    }

    static Map<String, Object> yaml(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml().load(in);
        }
    }

    /**
     * Checks the keys every MLmodel of a run has (§1.2) and returns the parsed file: artifact path, run id, the
     * LoggedModel id as model_id and model_uuid, the creation time as Python's naive-UTC text, the size of the files.
     */
    static Map<String, Object> assertMlmodel(RunInfo run, String path, Set<String> optionalKeys) throws IOException {
        Path dir = run.dir().resolve("artifacts").resolve(path);
        Map<String, Object> mlmodel = yaml(dir.resolve("MLmodel"));
        Set<String> keys = new java.util.TreeSet<>(List.of("artifact_path", "flavors", "mlflow_version", "model_id",
                "model_size_bytes", "model_uuid", "run_id", "utc_time_created"));
        keys.addAll(optionalKeys);
        assertEquals(keys, new java.util.TreeSet<>(mlmodel.keySet()), mlmodel::toString);
        assertEquals(path, mlmodel.get("artifact_path"));
        assertEquals(run.runId(), mlmodel.get("run_id"));
        assertEquals("3.11.1", mlmodel.get("mlflow_version"));
        String modelId = (String) mlmodel.get("model_id");
        assertTrue(MODEL_ID.matcher(modelId).matches(), modelId);
        assertEquals(modelId, mlmodel.get("model_uuid"));
        assertInstanceOf(String.class, mlmodel.get("utc_time_created"), "quoted, not a YAML timestamp");
        assertTrue(UTC_TIME.matcher((String) mlmodel.get("utc_time_created")).matches(),
                (String) mlmodel.get("utc_time_created"));
        assertInstanceOf(Map.class, mlmodel.get("flavors"));
        return mlmodel;
    }

    /** The {@code python_function} flavor block the agent writes for MLflow's {@code loaderModule} (§2.1). */
    static Map<String, Object> pythonFunction(String loaderModule, String data) {
        return Map.of("loader_module", loaderModule, "data", data, "env", Map.of("conda", "conda.yaml",
                "virtualenv", "python_env.yaml"), "python_version", "3.11.2");
    }

    /** The signature's inputs as name to type, in order; each part a JSON string, no {@code required} key (§3.4). */
    static List<String> signatureInputs(Map<String, Object> mlmodel) throws IOException {
        Map<String, Object> signature = signature(mlmodel);
        assertEquals(Set.of("inputs", "outputs", "params"), signature.keySet());
        assertNull(signature.get("params"));
        List<Map<String, Object>> inputs = JSON.readValue((String) signature.get("inputs"), List.class);
        List<String> out = new ArrayList<>();
        for (Map<String, Object> spec : inputs) {
            assertFalse(spec.containsKey("required") || spec.containsKey("optional"), spec::toString);
            out.add(spec.get("name") + ":" + spec.get("type"));
        }
        return out;
    }

    static List<Map<String, Object>> signatureOutputs(Map<String, Object> mlmodel) throws IOException {
        return signaturePart(mlmodel, "outputs");
    }

    /** The signature's {@code inputs} or {@code outputs}, parsed. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> signaturePart(Map<String, Object> mlmodel, String part) throws IOException {
        return JSON.readValue((String) signature(mlmodel).get(part), List.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> signature(Map<String, Object> mlmodel) {
        return (Map<String, Object>) mlmodel.get("signature");
    }

    /** A column signature: inputs and outputs as {@code name:type}, in order; no outputs when {@code outputs} is null. */
    static void assertColumnSignature(Map<String, Object> mlmodel, List<String> inputs, List<String> outputs)
            throws IOException {
        assertEquals(inputs, signatureInputs(mlmodel));
        if (outputs == null) {
            assertNull(signature(mlmodel).get("outputs"));
            return;
        }
        List<String> out = new ArrayList<>();
        for (Map<String, Object> spec : signatureOutputs(mlmodel)) {
            out.add(spec.get("name") + ":" + spec.get("type"));
        }
        assertEquals(outputs, out);
    }

    /** Each name:type of {@code names} with the same {@code type}. */
    static List<String> typed(List<String> names, String type) {
        return names.stream().map(n -> n + ":" + type).toList();
    }

    /**
     * The input example files (§3.5): {@code input_example.json} as pandas "split" ({@code columns} given) or a bare
     * nested list (tensor), the serving request wrapping it, and the MLmodel's {@code saved_input_example_info}.
     */
    @SuppressWarnings("unchecked")
    static void assertInputExample(Path dir, Map<String, Object> mlmodel, List<String> columns, List<?> rows)
            throws IOException {
        Object example = JSON.readValue(Files.readString(dir.resolve("input_example.json")), Object.class);
        Map<String, Object> serving = JSON.readValue(Files.readString(dir.resolve("serving_input_example.json")),
                Map.class);
        Map<String, Object> info = new TreeMap<>(Map.of("artifact_path", "input_example.json", "serving_input_path",
                "serving_input_example.json", "type", columns == null ? "ndarray" : "dataframe"));
        if (columns == null) {
            assertEquals(rows, example);
            assertEquals(Map.of("inputs", rows), serving);
        } else {
            assertEquals(Map.of("columns", columns, "data", rows), example);
            assertEquals(Map.of("dataframe_split", example), serving);
            info.put("pandas_orient", "split");
        }
        assertEquals(info, new TreeMap<>((Map<String, Object>) mlmodel.get("saved_input_example_info")));
    }

    /** The pyfunc environment files in their exact shapes (§1.4). */
    static void assertPythonEnvironment(Path dir, String... requirements) throws IOException {
        String all = "mlflow==3.11.1" + (requirements.length == 0 ? "" : "\n" + String.join("\n", requirements));
        assertEquals(all, Files.readString(dir.resolve("requirements.txt")));
        assertEquals("python: 3.11.2\nbuild_dependencies:\n- pip==23.0.1\n- setuptools==66.1.1\n- wheel==0.38.4\n"
                + "dependencies:\n- -r requirements.txt\n", Files.readString(dir.resolve("python_env.yaml")));
        Map<String, Object> conda = yaml(dir.resolve("conda.yaml"));
        List<String> pip = new ArrayList<>(List.of(all.split("\n")));
        assertEquals(Map.of("channels", List.of("conda-forge"), "dependencies", List.of("python=3.11.2",
                "pip<=23.0.1", Map.of("pip", pip)), "name", "mlflow-env"), conda);
    }

    /**
     * The run's LoggedModel in MLflow 3's file-store layout (§4.5): READY (or {@code status}), named after the
     * model path, its artifact location the run's model directory, linked as the run's output, with the
     * training's params and every metric point of the run also in its 4-field metric files.
     */
    static Path assertLoggedModel(LocalStoreReader store, RunInfo run, String modelId, String path, int status,
                                  Map<String, String> params) throws IOException {
        return assertLoggedModel(store, run, modelId, path, status, params, key -> true);
    }

    /** Like the above for one of several trainings of a run: its metrics are the run's whose keys pass {@code own}. */
    static Path assertLoggedModel(LocalStoreReader store, RunInfo run, String modelId, String path, int status,
                                  Map<String, String> params, java.util.function.Predicate<String> own)
            throws IOException {
        Path model = run.dir().getParent().resolve("models").resolve(modelId);
        Map<String, Object> meta = yaml(model.resolve("meta.yaml"));
        assertEquals(new TreeMap<>(Map.of("artifact_location", run.dir().resolve("artifacts").resolve(path).toUri()
                        .toString().replaceAll("/$", ""), "experiment_id", run.experimentId(), "model_id", modelId,
                "name", path, "source_run_id", run.runId(), "status", status)), new TreeMap<>(withoutTimes(meta)));
        assertTrue((Long) toLong(meta.get("last_updated_timestamp")) >= toLong(meta.get("creation_timestamp")));
        assertEquals(Map.of("destination_id", modelId, "destination_type", "MODEL_OUTPUT", "source_id", modelId,
                "source_type", "RUN_OUTPUT", "step", 0, "tags", Map.of()),
                yaml(run.dir().resolve("outputs").resolve(modelId).resolve("meta.yaml")));
        assertEquals(params, texts(model.resolve("params")));
        assertEquals(Map.of("mlflow.source.name", store.tags(run.runId()).get("mlflow.source.name"),
                "mlflow.source.type", "LOCAL", "mlflow.user", System.getProperty("user.name")),
                texts(model.resolve("tags")));
        Map<String, String> expectedLines = new TreeMap<>();
        for (Map.Entry<String, List<Metric>> e : store.metrics(run.runId()).entrySet()) {
            if (!own.test(e.getKey())) {
                continue;
            }
            StringBuilder lines = new StringBuilder();
            for (Metric m : e.getValue()) {
                lines.append(m.timestampMillis()).append(' ').append(m.value()).append(' ').append(m.step())
                        .append(' ').append(run.runId()).append('\n');
            }
            expectedLines.put(e.getKey(), lines.toString());
        }
        assertEquals(expectedLines, texts(model.resolve("metrics")));
        return model;
    }

    private static Map<String, Object> withoutTimes(Map<String, Object> meta) {
        Map<String, Object> out = new TreeMap<>(meta);
        assertInstanceOf(String.class, out.get("experiment_id"), "experiment_id quoted");
        out.remove("creation_timestamp");
        out.remove("last_updated_timestamp");
        assertNull(out.remove("model_type"));
        assertNull(out.remove("status_message"));
        assertTrue(meta.containsKey("model_type") && meta.containsKey("status_message"), meta::toString);
        return out;
    }

    private static long toLong(Object v) {
        return ((Number) v).longValue();
    }

    static Map<String, String> texts(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString().replace('\\', '/'), Files.readString(f));
            }
        }
        return out;
    }
}
