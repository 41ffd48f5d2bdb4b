package dev.autolog.backend.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MLflow 3's logged-models endpoints and the model registry's (mlflow/protos/service.proto,
 * model_registry.proto), on top of {@link MlflowClient}. Ids the server answers are checked before they go into a
 * URL path.
 */
final class ModelsApi {
    static final String READY = "LOGGED_MODEL_READY";
    static final String FAILED = "LOGGED_MODEL_UPLOAD_FAILED";

    record RemoteModel(String modelId, String artifactUri) {
    }

    record RemoteVersion(String version, String source, String runId) {
    }

    private final MlflowClient client;

    ModelsApi(MlflowClient client) {
        this.client = client;
    }

    /** Throws the server's answer when it has no logged-models API: the probe of {@link LoggedModelSupport}. */
    void probe(String experimentId) throws IOException {
        ObjectNode body = JsonTrees.object().put("max_results", 1);
        body.putArray("experiment_ids").add(experimentId);
        client.post("logged-models/search", body);
    }

    /** The LoggedModel of the experiment carrying tag {@code key=value}, if any. */
    Optional<RemoteModel> findModel(String experimentId, String key, String value) throws IOException {
        ObjectNode body = JsonTrees.object().put("filter", "tags.`" + key + "` = '" + value + "'").put("max_results", 1);
        body.putArray("experiment_ids").add(experimentId);
        JsonNode models = client.post("logged-models/search", body).path("models");
        return models.isEmpty() ? Optional.empty() : Optional.of(remoteModel(models.path(0), "logged-models/search"));
    }

    RemoteModel createModel(String experimentId, String name, String sourceRunId, Map<String, String> params,
                            Map<String, String> tags) throws IOException {
        ObjectNode body = JsonTrees.object().put("experiment_id", experimentId).put("name", name).put("source_run_id", sourceRunId);
        keyValues(body.putArray("params"), params);
        keyValues(body.putArray("tags"), tags);
        return remoteModel(client.post("logged-models", body).path("model"), "logged-models");
    }

    void linkToRun(String runId, String modelId) throws IOException {
        ObjectNode body = JsonTrees.object().put("run_id", runId);
        body.putArray("models").addObject().put("model_id", modelId).put("step", 0);
        client.post("runs/outputs", body);
    }

    void setTags(String modelId, Map<String, String> tags) throws IOException {
        ObjectNode body = JsonTrees.object().put("model_id", modelId);
        keyValues(body.putArray("tags"), tags);
        client.patch("logged-models/" + modelId + "/tags", body);
    }

    void logParams(String modelId, Map<String, String> params) throws IOException {
        ObjectNode body = JsonTrees.object().put("model_id", modelId);
        keyValues(body.putArray("params"), params);
        client.post("logged-models/" + modelId + "/params", body);
    }

    /** {@code status} is {@link #READY} or {@link #FAILED}. */
    void finalizeModel(String modelId, String status) throws IOException {
        client.patch("logged-models/" + modelId, JsonTrees.object().put("model_id", modelId).put("status", status));
    }

    /** Creates the registered model; one that already exists (another client won the race) is fine. */
    void createRegisteredModel(String name) throws IOException {
        try {
            client.post("registered-models/create", JsonTrees.object().put("name", name));
        } catch (MlflowError e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
    }

    /** A new version of {@code name}; {@code modelId} null for a server without LoggedModels. */
    RemoteVersion createVersion(String name, String source, String runId, String modelId, Map<String, String> tags)
            throws IOException {
        ObjectNode body = JsonTrees.object().put("name", name).put("source", source).put("run_id", runId);
        if (modelId != null) {
            body.put("model_id", modelId);
        }
        keyValues(body.putArray("tags"), tags);
        return remoteVersion(client.post("model-versions/create", body).path("model_version"));
    }

    /** The versions of {@code name} made from run {@code runId}. */
    List<RemoteVersion> versionsOf(String name, String runId) throws IOException {
        String filter = "name = '" + name.replace("'", "\\'") + "' AND run_id = '" + runId + "'";
        JsonNode found = client.get("model-versions/search", Map.of("filter", filter, "max_results", "100"))
                .path("model_versions");
        List<RemoteVersion> out = new ArrayList<>();
        for (JsonNode v : found) {
            out.add(remoteVersion(v));
        }
        return out;
    }

    private static void keyValues(ArrayNode array, Map<String, String> entries) {
        entries.forEach((k, v) -> array.addObject().put("key", k).put("value", v));
    }

    private static RemoteModel remoteModel(JsonNode model, String where) throws MlflowError {
        JsonNode info = model.path("info");
        return new RemoteModel(ServerIds.checked(info.path("model_id"), "model_id", where),
                info.path("artifact_uri").asText(""));
    }

    private static RemoteVersion remoteVersion(JsonNode v) {
        return new RemoteVersion(v.path("version").asText(""), v.path("source").asText(""), v.path("run_id").asText(""));
    }
}
