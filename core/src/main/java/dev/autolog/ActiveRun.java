package dev.autolog;

import dev.autolog.run.Run;
import java.nio.file.Path;

/**
 * A run the user started with {@link Autolog#startRun}. Closing it ends it FINISHED, so
 * {@code try (ActiveRun run = Autolog.startRun("x")) { ... }} tracks one block; trainings inside log into it.
 */
public final class ActiveRun implements AutoCloseable {
    private final Run run;

    ActiveRun(Run run) {
        this.run = run;
    }

    public String runId() {
        return run.id();
    }

    public String name() {
        return run.name();
    }

    public ActiveRun logParam(String key, Object value) {
        run.logParam(key, String.valueOf(value));
        return this;
    }

    public ActiveRun logMetric(String key, double value) {
        return logMetric(key, value, 0);
    }

    public ActiveRun logMetric(String key, double value, long step) {
        run.logMetric(key, value, step);
        return this;
    }

    public ActiveRun setTag(String key, String value) {
        run.setTag(key, value);
        return this;
    }

    /** Copies a file or directory into the run's artifacts under its file name, in the background. */
    public ActiveRun logArtifact(Path file) {
        run.logArtifactFile(Autolog.artifactName(file), file);
        return this;
    }

    public boolean isEnded() {
        return run.isEnded();
    }

    /** Ends the run with this status; later calls do nothing. */
    public void end(RunStatus status) {
        run.end(status);
    }

    @Override
    public void close() {
        end(RunStatus.FINISHED);
    }
}
