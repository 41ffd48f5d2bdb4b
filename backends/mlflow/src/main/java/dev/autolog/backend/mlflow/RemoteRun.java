package dev.autolog.backend.mlflow;

/** A run as the server knows it. */
record RemoteRun(String runId, String artifactUri) {
}
