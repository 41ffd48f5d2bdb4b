package dev.autolog.backend.mlflow.testserver;

/** An HTTP answer of the fake server. */
record Response(int status, String body, String contentType) {

    static Response json(String body) {
        return new Response(200, body, "application/json");
    }

    /** MLflow's error body (mlflow/exceptions.py). */
    static Response error(int status, String code, String message) {
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        return new Response(status, "{\"error_code\": \"" + code + "\", \"message\": \"" + escaped + "\"}",
                "application/json");
    }
}
