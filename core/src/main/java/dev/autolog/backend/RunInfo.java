package dev.autolog.backend;

import dev.autolog.RunStatus;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A run of a local store, as read from its {@code meta.yaml}; {@code endTime} is null while it runs. Its folder may
 * be given as its experiment's folder, and is then resolved when first asked for: a command that reads 100,000 runs
 * from an index and shows a page of them need not build a path for each (equal either way).
 */
public final class RunInfo {
    private static final long NOT_ENDED = Long.MIN_VALUE;
    private final String runId;
    private final String experimentId;
    private final String runName;
    private final RunStatus status;
    private final long startTime;
    /** {@link #NOT_ENDED} while it runs: a box per run would be one more object for a 100,000-run index to keep. */
    private final long endTime;
    private final String user;
    private final String lifecycleStage;
    /** The folder holding the run's folder, when {@link #dir} is still to be resolved. */
    private final Path experimentDir;
    /** Resolved at most once per thread that races to it; every copy is the same path. */
    private Path dir;

    public RunInfo(String runId, String experimentId, String runName, RunStatus status, long startTime, Long endTime,
                   String user, String lifecycleStage, Path dir) {
        this(runId, experimentId, runName, status, startTime, endTime, user, lifecycleStage, null,
                Objects.requireNonNull(dir, "dir"));
    }

    private RunInfo(String runId, String experimentId, String runName, RunStatus status, long startTime,
                    Long endTime, String user, String lifecycleStage, Path experimentDir, Path dir) {
        this.runId = runId;
        this.experimentId = experimentId;
        this.runName = runName;
        this.status = status;
        this.startTime = startTime;
        this.endTime = endTime == null ? NOT_ENDED : endTime;
        this.user = user;
        this.lifecycleStage = lifecycleStage;
        this.experimentDir = experimentDir;
        this.dir = dir;
    }

    /** A run whose folder is {@code runId} in {@code experimentDir}, as the store lays runs out. */
    public static RunInfo inExperimentDir(String runId, String experimentId, String runName, RunStatus status,
                                          long startTime, Long endTime, String user, String lifecycleStage,
                                          Path experimentDir) {
        return new RunInfo(runId, experimentId, runName, status, startTime, endTime, user, lifecycleStage,
                Objects.requireNonNull(experimentDir, "experimentDir"), null);
    }

    public String runId() {
        return runId;
    }

    public String experimentId() {
        return experimentId;
    }

    public String runName() {
        return runName;
    }

    public RunStatus status() {
        return status;
    }

    public long startTime() {
        return startTime;
    }

    public Long endTime() {
        return endTime == NOT_ENDED ? null : endTime;
    }

    public String user() {
        return user;
    }

    public String lifecycleStage() {
        return lifecycleStage;
    }

    public Path dir() {
        Path d = dir;
        if (d == null) {
            d = experimentDir.resolve(runId);
            dir = d;
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunInfo r && startTime == r.startTime && Objects.equals(runId, r.runId)
                && Objects.equals(experimentId, r.experimentId) && Objects.equals(runName, r.runName)
                && status == r.status && endTime == r.endTime && Objects.equals(user, r.user)
                && Objects.equals(lifecycleStage, r.lifecycleStage) && dir().equals(r.dir());
    }

    @Override
    public int hashCode() {
        return Objects.hash(runId, experimentId, runName, status, startTime, endTime(), user, lifecycleStage, dir());
    }

    @Override
    public String toString() {
        return "RunInfo[runId=" + runId + ", experimentId=" + experimentId + ", runName=" + runName + ", status="
                + status + ", startTime=" + startTime + ", endTime=" + endTime() + ", user=" + user
                + ", lifecycleStage=" + lifecycleStage + ", dir=" + dir() + "]";
    }
}
