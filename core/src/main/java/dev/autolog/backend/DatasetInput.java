package dev.autolog.backend;

/**
 * One dataset a run read, as MLflow stores it (research/mlflow-models.md §6): the dataset entity ({@code name},
 * {@code digest}, {@code source_type}, and {@code source}, {@code schema}, {@code profile} as JSON text; schema and
 * profile may be null) and the input's {@code mlflow.data.context} tag ({@code training}, {@code eval}, a watch
 * name; null for none).
 */
public record DatasetInput(String name, String digest, String sourceType, String source, String schema,
                           String profile, String context) {
    /** The input tag MLflow gives the dataset's role. */
    public static final String CONTEXT_TAG = "mlflow.data.context";
}
