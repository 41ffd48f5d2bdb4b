package dev.autolog.backend;

import java.util.Map;

/**
 * A run to create. The id is chosen by the engine (32 lowercase hex chars, like MLflow's), so that
 * events can refer to the run before any backend has seen it.
 */
public record NewRun(String runId, String experimentName, String runName, long startTimeMillis, String user,
                     Map<String, String> tags) {
}
