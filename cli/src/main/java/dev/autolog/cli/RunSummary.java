package dev.autolog.cli;

import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.RunInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.autolog.run.WriterProcess;

/** One row of a runs table: the run, its tags and params, and the latest value of each metric. */
record RunSummary(RunInfo run, Map<String, String> tags, Map<String, String> params,
                  Map<String, MetricStats> metrics) {
    static final String STALE = "STALE";

    /** @param direction the best value's direction for every metric, null to take each one's from its key */
    static RunSummary read(LocalStoreReader reader, RunInfo run, BestDirection direction) {
        return new RunSummary(run, reader.tags(run.runId()), reader.params(run.runId()),
                StoreRunValues.metricStats(run, direction));
    }

    /** For tables of many runs: each metric's stats are those of its last point only (no best, no count). */
    static RunSummary readLatest(LocalStoreReader reader, RunInfo run) {
        Map<String, MetricStats> latest = new LinkedHashMap<>();
        reader.lastPoints(run.runId())
                .forEach((key, point) -> latest.put(key, MetricStats.of(key, List.of(point), null)));
        return new RunSummary(run, reader.tags(run.runId()), reader.params(run.runId()), latest);
    }

    /** MLflow's autologging tag, e.g. {@code xgboost}; empty for runs made by hand. */
    String framework() {
        return tags.getOrDefault("mlflow.autologging", "");
    }

    /** RUNNING in the store, but the process that wrote it is known to be gone ({@link WriterProcess}). */
    boolean stale() {
        return run.status() == RunStatus.RUNNING && WriterProcess.isGone(tags, run.startTime());
    }

    /** The status as shown: STALE for a stale run. */
    String shownStatus() {
        return stale() ? STALE : run.status().name();
    }

    Map<String, Object> toJson(long nowMillis) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", run.runId());
        out.put("run_name", run.runName());
        out.put("experiment_id", run.experimentId());
        out.put("status", run.status().name());
        out.put("stale", stale());
        out.put("lifecycle_stage", run.lifecycleStage());
        out.put("start_time", run.startTime());
        out.put("end_time", run.endTime());
        out.put("duration_ms", Formats.durationMillis(run, nowMillis));
        out.put("user", run.user());
        out.put("framework", framework());
        Map<String, Object> latest = new LinkedHashMap<>();
        metrics.forEach((k, m) -> latest.put(k, Json.number(m.latest())));
        out.put("metrics", latest);
        out.put("params", params);
        out.put("tags", tags);
        return out;
    }
}
