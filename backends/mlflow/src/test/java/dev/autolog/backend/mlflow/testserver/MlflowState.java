package dev.autolog.backend.mlflow.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tracking data of the fake server and MLflow's rules for it (mlflow/utils/validation.py,
 * mlflow/store/tracking/sqlalchemy_store.py): log-batch limits, key and value lengths, immutable params, metric
 * rows keyed by (key, timestamp, step, value) so an exact repeat is stored once.
 */
public final class MlflowState {
    public record Point(double value, long timestamp, long step) {
    }

    /** Points as MLflow's metric history shows them: by step, then timestamp. */
    public static List<Point> inStepOrder(List<Point> points) {
        return points.stream().sorted(java.util.Comparator.comparingLong(Point::step)
                .thenComparingLong(Point::timestamp)).toList();
    }

    /** One run on the server. */
    public static final class Run {
        public final String runId;
        public final String experimentId;
        public final String runName;
        public final long startTime;
        public final String userId;
        public final String artifactUri;
        public volatile String status = "RUNNING";
        public volatile Long endTime;
        public final Map<String, String> params = new LinkedHashMap<>();
        public final Map<String, String> tags = new LinkedHashMap<>();
        private final Map<String, List<Point>> metrics = new LinkedHashMap<>();
        private final Set<String> metricRows = new LinkedHashSet<>();
        /** The run's dataset inputs as {@code runs/get} shows them ({@code inputs.dataset_inputs}), one per dataset. */
        public final Map<String, JsonNode> datasetInputs = new LinkedHashMap<>();
        /** Points received, repeats included. */
        public int pointsReceived;

        Run(String runId, String experimentId, String runName, long startTime, String userId, String artifactUri) {
            this.runId = runId;
            this.experimentId = experimentId;
            this.runName = runName;
            this.startTime = startTime;
            this.userId = userId;
            this.artifactUri = artifactUri;
        }

        public synchronized Map<String, List<Point>> metrics() {
            Map<String, List<Point>> copy = new LinkedHashMap<>();
            metrics.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return copy;
        }
    }

    private static final Pattern TAG_FILTER = Pattern.compile("tags\\.[`\"]([^`\"]+)[`\"]\\s*=\\s*'([^']*)'");
    private final ObjectMapper json = new ObjectMapper();
    private final boolean serveArtifacts;
    private final Map<String, String> experimentIds = new LinkedHashMap<>();
    private final Set<String> deletedExperiments = new LinkedHashSet<>();
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final Map<String, byte[]> artifacts = new LinkedHashMap<>();
    private int nextExperiment = 1;

    MlflowState(boolean serveArtifacts) {
        this.serveArtifacts = serveArtifacts;
        experimentIds.put("Default", "0");
    }

    boolean servesArtifacts() {
        return serveArtifacts;
    }

    public synchronized List<Run> runs() {
        return List.copyOf(runs.values());
    }

    public synchronized Run run(String runId) {
        return runs.get(runId);
    }

    public synchronized Map<String, byte[]> artifacts() {
        return Map.copyOf(artifacts);
    }

    public synchronized String experimentId(String name) {
        return experimentIds.get(name);
    }

    synchronized boolean hasExperiment(String id) {
        return experimentIds.containsValue(id) && !deletedExperiments.contains(id);
    }

    /**
     * Deletes the experiment for good ({@code experiments/delete}, then {@code mlflow gc}) and creates one of the same
     * name, as a user recreating it does: its id changes and a run created under the old one is refused.
     */
    public synchronized String recreateExperiment(String name) {
        experimentIds.remove(name);
        String id = Integer.toString(nextExperiment++);
        experimentIds.put(name, id);
        return id;
    }

    /** Soft-deletes a run, as {@code runs/delete} does: logging to it is then refused. */
    public synchronized void deleteRun(String runId) {
        runs.remove(runId);
    }

    synchronized void putArtifact(String path, byte[] content) {
        artifacts.put(URLDecoder.decode(path, StandardCharsets.UTF_8), content);
    }

    synchronized Response get(String endpoint, Map<String, String> query) {
        if (endpoint.equals("experiments/get-by-name")) {
            String name = query.get("experiment_name");
            String id = experimentIds.get(name);
            if (id == null) {
                return Response.error(404, "RESOURCE_DOES_NOT_EXIST", "Could not find experiment with name '" + name + "'");
            }
            ObjectNode exp = json.createObjectNode().put("experiment_id", id).put("name", name)
                    .put("artifact_location", "mlflow-artifacts:/" + id)
                    .put("lifecycle_stage", deletedExperiments.contains(id) ? "deleted" : "active");
            ObjectNode out = json.createObjectNode();
            out.set("experiment", exp);
            return Response.json(out.toString());
        }
        return Response.error(404, "ENDPOINT_NOT_FOUND", "No API endpoint found for GET " + endpoint);
    }

    synchronized Response post(String endpoint, ObjectNode body) {
        switch (endpoint) {
            case "experiments/create":
                return createExperiment(body);
            case "runs/create":
                return createRun(body);
            case "runs/log-batch":
                return logBatch(body);
            case "runs/log-metric": // what the official Java client sends, one point per request
                return logBatch(oneMetricBatch(body));
            case "runs/log-inputs":
                return logInputs(body);
            case "runs/update":
                return updateRun(body);
            case "runs/search":
                return search(body);
            default:
                return Response.error(404, "ENDPOINT_NOT_FOUND", "No API endpoint found for POST " + endpoint);
        }
    }

    private Response createExperiment(ObjectNode body) {
        String name = body.path("name").asText("");
        if (name.isEmpty()) {
            return Response.error(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'name'.");
        }
        if (experimentIds.containsKey(name)) {
            return Response.error(400, "RESOURCE_ALREADY_EXISTS", "Experiment '" + name + "' already exists.");
        }
        String id = Integer.toString(nextExperiment++);
        experimentIds.put(name, id);
        return Response.json("{\"experiment_id\": \"" + id + "\"}");
    }

    private Response createRun(ObjectNode body) {
        String experimentId = body.path("experiment_id").asText("0");
        if (!experimentIds.containsValue(experimentId)) {
            return Response.error(404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + experimentId + " exists");
        }
        if (!isInt64(body.path("start_time"))) {
            return Response.error(400, "INVALID_PARAMETER_VALUE", "start_time must be an int64");
        }
        String runId = UUID.randomUUID().toString().replace("-", "");
        String artifactUri = serveArtifacts ? "mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts"
                : "s3://mlflow-bucket/" + experimentId + "/" + runId + "/artifacts";
        Run run = new Run(runId, experimentId, body.path("run_name").asText(""), body.path("start_time").asLong(),
                body.path("user_id").asText(""), artifactUri);
        for (JsonNode t : body.path("tags")) {
            run.tags.put(t.path("key").asText(), t.path("value").asText());
        }
        String tagName = run.tags.get("mlflow.runName");
        if (tagName != null && !run.runName.isEmpty() && !tagName.equals(run.runName)) {
            return Response.error(400, "INVALID_PARAMETER_VALUE", "run_name and the mlflow.runName tag differ");
        }
        runs.put(runId, run);
        ObjectNode info = json.createObjectNode().put("run_id", runId).put("run_uuid", runId)
                .put("experiment_id", experimentId).put("run_name", run.runName).put("status", "RUNNING")
                .put("start_time", run.startTime).put("artifact_uri", artifactUri).put("lifecycle_stage", "active");
        ObjectNode out = json.createObjectNode();
        out.putObject("run").set("info", info);
        return Response.json(out.toString());
    }

    private Response logBatch(ObjectNode body) {
        Run run = runs.get(body.path("run_id").asText(""));
        if (run == null) {
            return Response.error(404, "RESOURCE_DOES_NOT_EXIST", "Run '" + body.path("run_id").asText() + "' not found");
        }
        JsonNode metrics = body.path("metrics");
        JsonNode params = body.path("params");
        JsonNode tags = body.path("tags");
        if (metrics.size() > 1000 || params.size() > 100 || tags.size() > 100
                || metrics.size() + params.size() + tags.size() > 1000) {
            return Response.error(400, "INVALID_PARAMETER_VALUE", "A batch logging request can contain at most 1000 "
                    + "metrics, 100 params, 100 tags and 1000 entities; got " + metrics.size() + "/" + params.size() + "/"
                    + tags.size());
        }
        String invalid = validate(metrics, params, tags, run);
        if (invalid != null) {
            return Response.error(400, "INVALID_PARAMETER_VALUE", invalid);
        }
        for (JsonNode p : params) {
            run.params.put(p.path("key").asText(), p.path("value").asText());
        }
        for (JsonNode t : tags) {
            run.tags.put(t.path("key").asText(), t.path("value").asText());
        }
        synchronized (run) {
            for (JsonNode m : metrics) {
                Point p = new Point(doubleOf(m.path("value")), m.path("timestamp").asLong(), m.path("step").asLong(0));
                String key = m.path("key").asText();
                run.pointsReceived++;
                if (run.metricRows.add(key + "|" + p)) {
                    run.metrics.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
                }
            }
        }
        return Response.json("{}");
    }

    private static String validate(JsonNode metrics, JsonNode params, JsonNode tags, Run run) {
        for (JsonNode m : metrics) {
            String key = m.path("key").asText("");
            if (key.isEmpty() || key.length() > 250) {
                return "Metric key '" + key + "' is empty or longer than 250";
            }
            JsonNode v = m.path("value");
            if (!v.isNumber() && !(v.isTextual() && v.asText().matches("NaN|-?Infinity"))) {
                return "Got invalid value " + v + " for metric '" + key + "'";
            }
            if (!isInt64(m.path("timestamp")) || m.path("timestamp").asLong() < 0
                    || (m.has("step") && !isInt64(m.path("step")))) {
                return "Metric '" + key + "' needs an int64 timestamp >= 0 and an int64 step";
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode p : params) {
            String key = p.path("key").asText("");
            String value = p.path("value").asText("");
            if (key.isEmpty() || key.length() > 250 || value.codePointCount(0, value.length()) > 6000) {
                return "Param '" + key + "' has a key longer than 250 or a value longer than 6000";
            }
            if (!seen.add(key)) {
                return "Duplicate parameter keys have been submitted: " + key;
            }
            String old = run.params.get(key);
            if (old != null && !old.equals(value)) {
                return "Changing param values is not allowed. Param with key='" + key + "' was already logged with value='"
                        + old + "' for run ID='" + run.runId + "'. Attempted logging new value '" + value + "'.";
            }
        }
        for (JsonNode t : tags) {
            String key = t.path("key").asText("");
            String value = t.path("value").asText("");
            if (key.isEmpty() || key.length() > 250 || value.codePointCount(0, value.length()) > 8000) {
                return "Tag '" + key + "' has a key longer than 250 or a value longer than 8000";
            }
        }
        return null;
    }

    /**
     * MLflow's checks of {@code runs/log-inputs} (mlflow/utils/validation.py, research/mlflow-models.md §6.1): every
     * dataset needs a name (at most 500 characters), a digest (at most 36), a source type and a source (at most
     * 65,535); a schema at most 1,048,575 and a profile at most 16,777,215 characters; input tag keys at most 255 and
     * values at most 500. A dataset logged again under the same name and digest is the same dataset.
     */
    private Response logInputs(ObjectNode body) {
        Run run = runs.get(body.path("run_id").asText(""));
        if (run == null) {
            return Response.error(404, "RESOURCE_DOES_NOT_EXIST", "Run '" + body.path("run_id").asText() + "' not found");
        }
        JsonNode datasets = body.path("datasets");
        for (JsonNode input : datasets) {
            String invalid = invalidInput(input);
            if (invalid != null) {
                return Response.error(400, "INVALID_PARAMETER_VALUE", invalid);
            }
        }
        synchronized (run) {
            for (JsonNode input : datasets) {
                JsonNode d = input.path("dataset");
                run.datasetInputs.putIfAbsent(d.path("name").asText() + "|" + d.path("digest").asText(), input);
            }
        }
        return Response.json("{}");
    }

    private static String invalidInput(JsonNode input) {
        JsonNode d = input.path("dataset");
        for (String field : List.of("name", "digest", "source_type", "source")) {
            if (!d.path(field).isTextual() || d.path(field).asText().isEmpty()) {
                return "Missing value for required parameter 'dataset." + field + "'";
            }
        }
        Map<String, Integer> limits = Map.of("name", 500, "digest", 36, "source", 65_535, "schema", 1_048_575,
                "profile", 16_777_215, "source_type", 36);
        for (Map.Entry<String, Integer> limit : limits.entrySet()) {
            String value = d.path(limit.getKey()).asText("");
            if (value.length() > limit.getValue()) {
                return "Dataset " + limit.getKey() + " '" + value.substring(0, 20) + "...' exceeds the maximum length of "
                        + limit.getValue();
            }
        }
        for (JsonNode t : input.path("tags")) {
            if (t.path("key").asText("").isEmpty() || t.path("key").asText().length() > 255
                    || t.path("value").asText("").length() > 500) {
                return "Input tag key '" + t.path("key").asText() + "' is empty or longer than 255, or its value "
                        + "longer than 500";
            }
        }
        return null;
    }

    private ObjectNode oneMetricBatch(ObjectNode body) {
        ObjectNode batch = json.createObjectNode().put("run_id", body.path("run_id").asText(body.path("run_uuid").asText()));
        ObjectNode metric = batch.putArray("metrics").addObject();
        for (String field : List.of("key", "value", "timestamp", "step")) {
            if (body.has(field)) {
                metric.set(field, body.get(field));
            }
        }
        return batch;
    }

    /** As protobuf's JSON mapping reads an int64: a whole number, or one written as a string (the Java client's way). */
    private static boolean isInt64(JsonNode v) {
        return v.isIntegralNumber() || v.isTextual() && v.asText().matches("-?\\d{1,19}");
    }

    private static double doubleOf(JsonNode v) {
        return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText());
    }

    private Response updateRun(ObjectNode body) {
        Run run = runs.get(body.path("run_id").asText(""));
        if (run == null) {
            return Response.error(404, "RESOURCE_DOES_NOT_EXIST", "Run '" + body.path("run_id").asText() + "' not found");
        }
        String status = body.path("status").asText();
        if (!Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED").contains(status)) {
            return Response.error(400, "INVALID_PARAMETER_VALUE", "Invalid status " + status);
        }
        run.status = status;
        run.endTime = body.has("end_time") ? body.path("end_time").asLong() : null;
        ObjectNode out = json.createObjectNode();
        out.putObject("run_info").put("run_id", run.runId).put("status", status);
        return Response.json(out.toString());
    }

    private Response search(ObjectNode body) {
        Matcher m = TAG_FILTER.matcher(body.path("filter").asText(""));
        if (!m.matches()) {
            return Response.error(400, "INVALID_PARAMETER_VALUE", "only tags.`k` = 'v' filters are implemented");
        }
        Set<String> experiments = new LinkedHashSet<>();
        body.path("experiment_ids").forEach(e -> experiments.add(e.asText()));
        ObjectNode out = json.createObjectNode();
        ArrayNode found = out.putArray("runs");
        for (Run r : runs.values()) {
            if (experiments.contains(r.experimentId) && m.group(2).equals(r.tags.get(m.group(1)))) {
                found.addObject().putObject("info").put("run_id", r.runId).put("artifact_uri", r.artifactUri)
                        .put("experiment_id", r.experimentId);
            }
        }
        return Response.json(out.toString());
    }

    static Map<String, String> queryParams(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
