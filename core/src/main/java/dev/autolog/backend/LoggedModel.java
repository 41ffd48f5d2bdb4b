package dev.autolog.backend;

/**
 * An MLflow 3 LoggedModel as created when a training starts: {@code name} is the run's model path ({@code model},
 * {@code model-2}, ...), and its files are the run's artifacts under that path, so they are written once.
 */
public record LoggedModel(String runId, String modelId, String name, long creationTimeMillis) {
}
