package dev.autolog;

import dev.autolog.run.ManualApi;
import dev.autolog.run.Run;
import java.nio.file.Path;

/**
 * A run the user started with {@link Autolog#startRun}. Closing it ends it FINISHED, so
 * {@code try (ActiveRun run = Autolog.startRun("x")) { ... }} tracks one block; trainings inside log into it.
 */
public final class ActiveRun implements AutoCloseable {
    /** Null when the engine could not start the run (said on stderr): then every call does nothing. */
    private final Run run;

    ActiveRun(Run run) {
        this.run = run;
    }

    private void call(String name, Runnable body) {
        if (run != null) {
            ApiCalls.run(name, body);
        }
    }

    public String runId() {
        return run == null ? "" : ApiCalls.get("ActiveRun.runId", () -> run.id(), "");
    }

    public String name() {
        return run == null ? "" : ApiCalls.get("ActiveRun.name", () -> run.name(), "");
    }

    public ActiveRun logParam(String key, Object value) {
        call("ActiveRun.logParam", () -> ManualApi.logParam(run, key, value));
        return this;
    }

    public ActiveRun logMetric(String key, double value) {
        return logMetric(key, value, 0);
    }

    public ActiveRun logMetric(String key, double value, long step) {
        if (run != null) {
            try { // called in loops: no lambda, see ApiCalls
                ManualApi.logMetric(run, key, value, step);
            } catch (RuntimeException | LinkageError e) {
                ApiCalls.failed("ActiveRun.logMetric", e);
            }
        }
        return this;
    }

    public ActiveRun setTag(String key, String value) {
        call("ActiveRun.setTag", () -> ManualApi.setTag(run, key, value));
        return this;
    }

    /** Copies a file or directory into the run's artifacts under its file name, in the background. */
    public ActiveRun logArtifact(Path file) {
        call("ActiveRun.logArtifact", () -> ManualApi.logArtifact(run, file));
        return this;
    }

    public boolean isEnded() {
        return run == null || ApiCalls.get("ActiveRun.isEnded", () -> run.isEnded(), true);
    }

    /** Ends the run with this status; later calls do nothing. */
    public void end(RunStatus status) {
        call("ActiveRun.end", () -> ManualApi.endRun(run, status));
    }

    @Override
    public void close() {
        end(RunStatus.FINISHED);
    }
}
