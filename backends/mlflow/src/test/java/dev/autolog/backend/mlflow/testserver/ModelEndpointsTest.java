package dev.autolog.backend.mlflow.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The fake server answers the model endpoints as the captured MLflow 3.11.1 and 2.9.2 servers did. */
class ModelEndpointsTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> call(FakeMlflowServer server, String method, String endpoint, String json)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.uri() + "/api/2.0/mlflow/" + endpoint));
        r = json == null ? r.GET() : r.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(int status, String code, String message, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("{\"error_code\": \"" + code + "\", \"message\": \"" + message + "\"}", r.body());
    }

    @Test
    void mlflow3ValidatesLikeMlflow() throws Exception {
        try (FakeMlflowServer s = FakeMlflowServer.start(true)) {
            assertEquals("{}", call(s, "POST", "logged-models/search", "{\"experiment_ids\":[\"0\"],\"max_results\":1}").body());
            assertError(404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=9 exists",
                    call(s, "POST", "logged-models", "{\"experiment_id\":\"9\"}"));
            assertEquals(400, call(s, "POST", "logged-models", "{\"experiment_id\":\"0\",\"name\":\"a.b\"}").statusCode());
            assertError(404, "RESOURCE_DOES_NOT_EXIST", "Logged model with ID 'm-00000000000000000000000000000000' not found.",
                    call(s, "GET", "logged-models/m-00000000000000000000000000000000", null));
            assertTrue(s.models().loggedModels().isEmpty());
            String created = call(s, "POST", "logged-models", "{\"experiment_id\":\"0\",\"name\":\"model\"}").body();
            String modelId = created.replaceAll(".*\"model_id\":\"(m-[0-9a-f]+)\".*", "$1");
            assertTrue(created.contains("\"status\":\"LOGGED_MODEL_PENDING\""), created);
            assertTrue(created.contains("\"artifact_uri\":\"mlflow-artifacts:/0/models/" + modelId + "/artifacts\""), created);
            assertError(400, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'model_id'.",
                    call(s, "PATCH", "logged-models/" + modelId, "{\"status\":\"LOGGED_MODEL_READY\"}"));
            assertEquals(200, call(s, "PATCH", "logged-models/" + modelId, "{\"model_id\":\"" + modelId + "\",\"status\":2}")
                    .statusCode());
            assertEquals("LOGGED_MODEL_READY", s.models().loggedModels().get(0).status);

            assertEquals(200, call(s, "POST", "registered-models/create", "{\"name\":\"jvm-xgb\"}").statusCode());
            assertError(400, "RESOURCE_ALREADY_EXISTS", "Registered Model (name=jvm-xgb) already exists.",
                    call(s, "POST", "registered-models/create", "{\"name\":\"jvm-xgb\"}"));
            assertError(400, "INVALID_PARAMETER_VALUE", "Invalid name: 'a/b'. Registered model name cannot contain '/' or ':'",
                    call(s, "POST", "registered-models/create", "{\"name\":\"a/b\"}"));
            assertError(404, "RESOURCE_DOES_NOT_EXIST", "Registered Model with name=nope not found",
                    call(s, "POST", "model-versions/create", "{\"name\":\"nope\",\"source\":\"models:/" + modelId + "\"}"));
            assertTrue(call(s, "POST", "model-versions/create", "{\"name\":\"jvm-xgb\",\"source\":\"models:/" + modelId
                    + "\",\"model_id\":\"" + modelId + "\"}").body().contains("\"version\":\"1\""));
            assertTrue(call(s, "GET", "model-versions/get?name=jvm-xgb&version=1", null).body().contains("\"source\":\"models:/"));
        }
    }

    @Test
    void mlflow2AnswersTheLoggedModelsApiWithAnHtml404AndAModelsSourceWithA500() throws Exception {
        try (FakeMlflowServer s = FakeMlflowServer.startMlflow2(true)) {
            HttpResponse<String> probe = call(s, "POST", "logged-models/search", "{\"experiment_ids\":[\"0\"]}");
            assertEquals(404, probe.statusCode());
            assertTrue(probe.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(probe.body().contains("<title>404 Not Found</title>"));
            assertEquals(404, call(s, "POST", "runs/outputs", "{}").statusCode());
            call(s, "POST", "registered-models/create", "{\"name\":\"jvm-xgb\"}");
            HttpResponse<String> r = call(s, "POST", "model-versions/create",
                    "{\"name\":\"jvm-xgb\",\"source\":\"models:/m-0\"}");
            assertEquals(500, r.statusCode());
            assertTrue(r.body().startsWith("{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"Not a proper models:/ URI"));
        }
    }
}
