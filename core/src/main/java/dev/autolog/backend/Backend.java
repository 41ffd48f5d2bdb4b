package dev.autolog.backend;

import dev.autolog.RunStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where runs go. Called only from the writer thread, never from a training thread, so an implementation
 * may block and do I/O. Methods throw {@link IOException} on failure; the writer reports it and carries on.
 */
public interface Backend extends AutoCloseable {

    void createRun(NewRun run) throws IOException;

    /** Params, metrics and tags of one run, in capture order. Any list may be empty. */
    void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) throws IOException;

    /** Stores {@code content} as the artifact at {@code artifactPath} (relative, '/'-separated). */
    void logArtifact(String runId, String artifactPath, byte[] content) throws IOException;

    /** Copies a file or a whole directory to the artifact at {@code artifactPath}. */
    void logArtifactFile(String runId, String artifactPath, Path source) throws IOException;

    void endRun(String runId, RunStatus status, long endTimeMillis) throws IOException;

    /**
     * Creates a LoggedModel in status PENDING. The defaults of the LoggedModel and registry methods do nothing,
     * for backends that keep models as plain run artifacts.
     */
    default void createLoggedModel(LoggedModel model) throws IOException {
    }

    default void logLoggedModelParams(String runId, String modelId, List<Param> params) throws IOException {
    }

    /** Metrics of a LoggedModel, also logged (with the same keys) to its run. */
    default void logLoggedModelMetrics(String runId, String modelId, List<Metric> metrics) throws IOException {
    }

    default void finalizeLoggedModel(String runId, String modelId, LoggedModelStatus status, long timeMillis)
            throws IOException {
    }

    /** Registers a logged model as the next version of a registered model, creating that when missing. */
    default void registerModelVersion(ModelVersionRequest request) throws IOException {
    }

    /** Links datasets to a run as its inputs; a dataset already known (same name and digest) is reused. */
    default void logInputs(String runId, List<DatasetInput> inputs) throws IOException {
    }

    /** Makes everything written so far durable. */
    default void flush() throws IOException {
    }

    /**
     * The directory in MLflow's file layout runs are written to first (the local store, a server's spool), where
     * {@code runs} commands work; null when there is none.
     */
    default Path localDirectory() {
        return null;
    }

    /** A short description for messages, e.g. the store directory. Never contains secrets. */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
