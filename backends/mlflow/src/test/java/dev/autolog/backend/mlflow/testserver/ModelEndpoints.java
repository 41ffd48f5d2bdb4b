package dev.autolog.backend.mlflow.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MLflow 3's logged-models endpoints and the model registry, with the request validation and error bodies of
 * mlflow/server/handlers.py and mlflow/utils/validation.py as captured from 3.11.1
 * (../shared/research/mlflow-models.md §4.3, §5). As an MLflow 2 server (2.9.2) it answers the logged-models
 * endpoints and runs/outputs with Flask's HTML 404 and a {@code models:/} version source with a 500 (§4.6).
 */
public final class ModelEndpoints {
    /** A LoggedModel as the server keeps it. */
    public static final class LoggedModel {
        public final String modelId;
        public final String experimentId;
        public final String name;
        public final String sourceRunId;
        public final String artifactUri;
        public volatile String status = "LOGGED_MODEL_PENDING";
        public final Map<String, String> params = new LinkedHashMap<>();
        public final Map<String, String> tags = new LinkedHashMap<>();
        /** Distinct (key, timestamp, step, value) points logged with this model's id. */
        public final Map<String, List<MlflowState.Point>> metrics = new LinkedHashMap<>();

        LoggedModel(String modelId, String experimentId, String name, String sourceRunId, String artifactUri) {
            this.modelId = modelId;
            this.experimentId = experimentId;
            this.name = name;
            this.sourceRunId = sourceRunId;
            this.artifactUri = artifactUri;
        }
    }

    /** A model version. */
    public record Version(String name, int version, String source, String runId, String modelId,
                          Map<String, String> tags) {
    }

    private static final String NOT_FOUND_HTML = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n"
            + "<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually "
            + "please check your spelling and try again.</p>\n";
    private static final Pattern MODEL_PATH = Pattern.compile("logged-models/([^/]+)(/tags|/params)?");
    private static final Pattern TAG_FILTER = Pattern.compile("tags\\.`([^`]+)`\\s*=\\s*'([^']*)'");
    private static final Pattern VERSION_FILTER = Pattern.compile("(\\w+)\\s*=\\s*'((?:[^'\\\\]|\\\\.)*)'");
    private final ObjectMapper json = new ObjectMapper();
    private final MlflowState tracking;
    private final boolean mlflow2;
    private final Map<String, LoggedModel> models = new LinkedHashMap<>();
    private final Map<String, List<String>> runOutputs = new LinkedHashMap<>();
    private final Map<String, List<Version>> registry = new LinkedHashMap<>();

    ModelEndpoints(MlflowState tracking, boolean mlflow2) {
        this.tracking = tracking;
        this.mlflow2 = mlflow2;
    }

    static boolean handles(String endpoint) {
        return endpoint.startsWith("logged-models") || endpoint.equals("runs/outputs")
                || endpoint.startsWith("registered-models/") || endpoint.startsWith("model-versions/");
    }

    public synchronized List<LoggedModel> loggedModels() {
        return List.copyOf(models.values());
    }

    public synchronized List<String> outputsOf(String runId) {
        return List.copyOf(runOutputs.getOrDefault(runId, List.of()));
    }

    public synchronized List<Version> versions(String name) {
        return List.copyOf(registry.getOrDefault(name, List.of()));
    }

    public synchronized boolean hasRegisteredModel(String name) {
        return registry.containsKey(name);
    }

    synchronized Response route(String method, String endpoint, Map<String, String> query, JsonNode body) {
        boolean loggedModelApi = endpoint.startsWith("logged-models") || endpoint.equals("runs/outputs");
        if (mlflow2 && loggedModelApi) {
            return new Response(404, NOT_FOUND_HTML, "text/html; charset=utf-8");
        }
        String call = method + " " + endpoint;
        switch (call) {
            case "POST logged-models":
                return createModel(body);
            case "POST logged-models/search":
                return searchModels(body);
            case "POST runs/outputs":
                return linkOutputs(body);
            case "POST registered-models/create":
                return createRegisteredModel(body);
            case "GET registered-models/get":
                return getRegisteredModel(query.getOrDefault("name", ""));
            case "POST model-versions/create":
                return createVersion(body);
            case "GET model-versions/get":
                return getVersion(query);
            case "GET model-versions/search":
                return searchVersions(query.getOrDefault("filter", ""));
            default:
                break;
        }
        Matcher m = MODEL_PATH.matcher(endpoint);
        if (m.matches()) {
            LoggedModel model = models.get(m.group(1));
            if (model == null) {
                return Response.error(404, "RESOURCE_DOES_NOT_EXIST", "Logged model with ID '" + m.group(1) + "' not found.");
            }
            String sub = m.group(2) == null ? "" : m.group(2);
            switch (method + " " + sub) {
                case "GET ":
                    return Response.json(wrap(model).toString());
                case "PATCH ":
                    return finalizeModel(model, body);
                case "PATCH /tags":
                    body.path("tags").forEach(t -> model.tags.put(t.path("key").asText(), t.path("value").asText()));
                    return Response.json("{}");
                case "POST /params":
                    if (!body.hasNonNull("model_id")) {
                        return missing("model_id");
                    }
                    body.path("params").forEach(p -> model.params.put(p.path("key").asText(), p.path("value").asText()));
                    return Response.json("{}");
                default:
                    break;
            }
        }
        return Response.error(404, "ENDPOINT_NOT_FOUND", "No API endpoint found for " + call);
    }

    /** log-batch stores points on the run; on MLflow 3 those with a model_id also belong to that model. */
    synchronized void metricsLogged(JsonNode batch) {
        if (mlflow2) {
            return; // 2.9.2 accepts the field and drops it
        }
        for (JsonNode m : batch.path("metrics")) {
            LoggedModel model = models.get(m.path("model_id").asText(""));
            if (model != null) {
                MlflowState.Point p = new MlflowState.Point(m.path("value").asDouble(), m.path("timestamp").asLong(),
                        m.path("step").asLong(0));
                List<MlflowState.Point> points = model.metrics.computeIfAbsent(m.path("key").asText(), k -> new ArrayList<>());
                if (!points.contains(p)) {
                    points.add(p);
                }
            }
        }
    }

    private static Response missing(String field) {
        return Response.error(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter '" + field + "'.");
    }

    private Response createModel(JsonNode body) {
        String experimentId = body.path("experiment_id").asText("");
        if (experimentId.isEmpty()) {
            return missing("experiment_id");
        }
        if (!tracking.hasExperiment(experimentId)) {
            return Response.error(404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + experimentId + " exists");
        }
        String name = body.path("name").asText("");
        if (name.matches(".*[/:.%\"'].*")) {
            return Response.error(400, "INVALID_PARAMETER_VALUE", "Invalid model name ('" + name + "') provided. Model "
                    + "name must not contain any of the following characters: ['/', ':', '.', '%', '\"', \"'\"]");
        }
        for (JsonNode p : body.path("params")) {
            if (p.path("key").asText("").length() > 250 || p.path("value").asText("").length() > 6000) {
                return Response.error(400, "INVALID_PARAMETER_VALUE", "Param '" + p.path("key").asText()
                        + "' has a key longer than 250 or a value longer than 6000");
            }
        }
        String id = "m-" + UUID.randomUUID().toString().replace("-", "");
        String root = tracking.servesArtifacts() ? "mlflow-artifacts:/" : "s3://mlflow-bucket/";
        LoggedModel model = new LoggedModel(id, experimentId, name.isEmpty() ? "model-" + models.size() : name,
                body.path("source_run_id").asText(""), root + experimentId + "/models/" + id + "/artifacts");
        body.path("params").forEach(p -> model.params.put(p.path("key").asText(), p.path("value").asText()));
        body.path("tags").forEach(t -> model.tags.put(t.path("key").asText(), t.path("value").asText()));
        models.put(id, model);
        return Response.json(wrap(model).toString());
    }

    private ObjectNode wrap(LoggedModel model) {
        ObjectNode out = json.createObjectNode();
        ObjectNode m = out.putObject("model");
        ObjectNode info = m.putObject("info").put("model_id", model.modelId).put("experiment_id", model.experimentId)
                .put("name", model.name).put("artifact_uri", model.artifactUri).put("status", model.status)
                .put("source_run_id", model.sourceRunId);
        keyValues(info.putArray("tags"), model.tags);
        keyValues(m.putObject("data").putArray("params"), model.params);
        return out;
    }

    private static void keyValues(ArrayNode array, Map<String, String> entries) {
        entries.forEach((k, v) -> array.addObject().put("key", k).put("value", v));
    }

    private Response finalizeModel(LoggedModel model, JsonNode body) {
        if (!body.hasNonNull("model_id")) {
            return missing("model_id");
        }
        JsonNode status = body.path("status");
        List<String> names = List.of("LOGGED_MODEL_STATUS_UNSPECIFIED", "LOGGED_MODEL_PENDING", "LOGGED_MODEL_READY",
                "LOGGED_MODEL_UPLOAD_FAILED");
        if (status.isInt() && status.asInt() >= 0 && status.asInt() < names.size()) {
            model.status = names.get(status.asInt());
        } else if (status.isTextual() && names.contains(status.asText())) {
            model.status = status.asText();
        } else {
            return Response.error(400, "INVALID_PARAMETER_VALUE", "Invalid value " + status + " for parameter 'status'");
        }
        return Response.json(wrap(model).toString());
    }

    private Response searchModels(JsonNode body) {
        if (body.path("experiment_ids").isEmpty()) {
            return missing("experiment_ids");
        }
        if (body.path("max_results").asInt(50) > 50) {
            return Response.error(400, "INVALID_PARAMETER_VALUE", "max_results must be <= 50");
        }
        String filter = body.path("filter").asText("");
        Matcher tag = TAG_FILTER.matcher(filter);
        if (!filter.isEmpty() && !tag.matches()) {
            return Response.error(400, "INVALID_PARAMETER_VALUE", "only tags.`k` = 'v' filters are implemented");
        }
        List<String> experiments = new ArrayList<>();
        body.path("experiment_ids").forEach(e -> experiments.add(e.asText()));
        ObjectNode out = json.createObjectNode();
        for (LoggedModel m : models.values()) {
            if (experiments.contains(m.experimentId) && (filter.isEmpty() || tag.group(2).equals(m.tags.get(tag.group(1))))) {
                (out.has("models") ? (ArrayNode) out.get("models") : out.putArray("models")).add(wrap(m).get("model"));
            }
        }
        return Response.json(out.toString());
    }

    private Response linkOutputs(JsonNode body) {
        String runId = body.path("run_id").asText("");
        if (tracking.run(runId) == null) {
            return Response.error(404, "RESOURCE_DOES_NOT_EXIST", "Run with id=" + runId + " not found");
        }
        for (JsonNode m : body.path("models")) {
            String id = m.path("model_id").asText("");
            if (!models.containsKey(id)) {
                return Response.error(404, "RESOURCE_DOES_NOT_EXIST", "Logged model with ID '" + id + "' not found.");
            }
            List<String> outputs = runOutputs.computeIfAbsent(runId, k -> new ArrayList<>());
            if (!outputs.contains(id)) {
                outputs.add(id);
            }
        }
        return Response.json("{}");
    }

    /** mlflow/utils/validation.py _validate_model_name. */
    private static Response invalidName(String name) {
        if (name.isEmpty()) {
            return missing("name");
        }
        if (name.contains("/") || name.contains(":")) {
            return Response.error(400, "INVALID_PARAMETER_VALUE", "Invalid name: '" + name + "'. Registered model name "
                    + "cannot contain '/' or ':'");
        }
        return null;
    }

    private Response createRegisteredModel(JsonNode body) {
        String name = body.path("name").asText("");
        Response invalid = invalidName(name);
        if (invalid != null) {
            return invalid;
        }
        if (registry.containsKey(name)) {
            return Response.error(400, "RESOURCE_ALREADY_EXISTS", "Registered Model (name=" + name + ") already exists.");
        }
        registry.put(name, new ArrayList<>());
        ObjectNode out = json.createObjectNode();
        out.putObject("registered_model").put("name", name);
        return Response.json(out.toString());
    }

    private Response getRegisteredModel(String name) {
        if (!registry.containsKey(name)) {
            return Response.error(404, "RESOURCE_DOES_NOT_EXIST", "Registered Model with name=" + name + " not found");
        }
        ObjectNode out = json.createObjectNode();
        out.putObject("registered_model").put("name", name);
        return Response.json(out.toString());
    }

    private Response createVersion(JsonNode body) {
        String name = body.path("name").asText("");
        Response invalid = invalidName(name);
        if (invalid != null) {
            return invalid;
        }
        String source = body.path("source").asText("");
        if (source.isEmpty()) {
            return missing("source");
        }
        List<Version> versions = registry.get(name);
        if (versions == null) {
            return Response.error(404, "RESOURCE_DOES_NOT_EXIST", "Registered Model with name=" + name + " not found");
        }
        String modelId = null;
        if (source.startsWith("models:/")) {
            if (mlflow2) {
                return Response.error(500, "INTERNAL_ERROR", "Not a proper models:/ URI: " + source + ". Models URIs "
                        + "must be of the form 'models:/model_name/suffix' or 'models:/model_name@alias'");
            }
            modelId = source.substring("models:/".length());
            LoggedModel model = models.get(modelId);
            if (model == null) {
                return Response.error(404, "RESOURCE_DOES_NOT_EXIST", "Logged model with ID '" + modelId + "' not found.");
            }
            model.tags.put("mlflow.modelVersions", "[{\"name\": \"" + name + "\", \"version\": " + (versions.size() + 1) + "}]");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        body.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        Version v = new Version(name, versions.size() + 1, source, body.path("run_id").asText(""), modelId, tags);
        versions.add(v);
        return Response.json(versionJson(v).toString());
    }

    private ObjectNode versionJson(Version v) {
        ObjectNode out = json.createObjectNode();
        out.set("model_version", versionNode(v));
        return out;
    }

    private ObjectNode versionNode(Version v) {
        ObjectNode node = json.createObjectNode().put("name", v.name()).put("version", Integer.toString(v.version()))
                .put("current_stage", "None").put("source", v.source()).put("run_id", v.runId()).put("status", "READY");
        keyValues(node.putArray("tags"), v.tags());
        return node;
    }

    private Response getVersion(Map<String, String> query) {
        String name = query.getOrDefault("name", "");
        for (Version v : registry.getOrDefault(name, List.of())) {
            if (Integer.toString(v.version()).equals(query.get("version"))) {
                return Response.json(versionJson(v).toString());
            }
        }
        return Response.error(404, "RESOURCE_DOES_NOT_EXIST", "Model Version (name=" + name + ", version="
                + query.get("version") + ") not found");
    }

    /** {@code name = '...' AND run_id = '...'}, the filters MLflow's model-versions/search takes that we use. */
    private Response searchVersions(String filter) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String clause : filter.split("(?i)\\s+AND\\s+")) {
            Matcher m = VERSION_FILTER.matcher(clause.strip());
            if (!m.matches() || !List.of("name", "run_id").contains(m.group(1))) {
                return Response.error(400, "INVALID_PARAMETER_VALUE", "Invalid filter '" + filter + "'");
            }
            wanted.put(m.group(1), m.group(2).replace("\\'", "'"));
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode found = out.putArray("model_versions");
        registry.values().forEach(versions -> versions.stream()
                .filter(v -> wanted.getOrDefault("name", v.name()).equals(v.name())
                        && wanted.getOrDefault("run_id", v.runId()).equals(v.runId()))
                .forEach(v -> found.add(versionNode(v))));
        return Response.json(out.toString());
    }
}
