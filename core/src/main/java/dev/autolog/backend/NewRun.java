package dev.autolog.backend;

import java.util.Map;

/**
 * A run to create. The id is chosen by the engine (32 lowercase hex chars, like MLflow's), so that
 * events can refer to the run before any backend has seen it. {@code startNanos} orders runs started in the same
 * millisecond ({@link StartOrder}); it lies in {@code startTimeMillis}, or is 0 when not known.
 */
public record NewRun(String runId, String experimentName, String runName, long startTimeMillis, long startNanos,
                     String user, Map<String, String> tags) {

    /** A run known only by its start millisecond (startNanos 0): the local store orders it by when it creates it. */
    public NewRun(String runId, String experimentName, String runName, long startTimeMillis, String user,
                  Map<String, String> tags) {
        this(runId, experimentName, runName, startTimeMillis, 0, user, tags);
    }

    /** A run starting now, its start read once from the system clock for both its millisecond and its order. */
    public static NewRun startingNow(String runId, String experimentName, String runName, String user,
                                     Map<String, String> tags) {
        return startingAt(StartOrder.JVM.now(), runId, experimentName, runName, user, tags);
    }

    static NewRun startingAt(long startNanos, String runId, String experimentName, String runName, String user,
                             Map<String, String> tags) {
        return new NewRun(runId, experimentName, runName, Math.floorDiv(startNanos, StartOrder.NANOS_PER_MILLI),
                startNanos, user, tags);
    }

    public NewRun withTags(Map<String, String> otherTags) {
        return new NewRun(runId, experimentName, runName, startTimeMillis, startNanos, user, otherTags);
    }
}
