package dev.autolog.cli;

import dev.autolog.backend.RunInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run as the store index keeps it: what a runs list and a search read (tags, params, each metric's stats), and
 * the {@link RunStamp} it was read at.
 */
record IndexedRun(RunInfo run, Values values, RunStamp stamp) {

    /** A run's tags, params and each metric's stats: as read from its files, or decoded from a cache file on use. */
    interface Values {
        Map<String, String> tags();

        Map<String, String> params();

        Map<String, IndexedMetric> metrics();
    }

    /** Values read from a run's files. */
    private record Read(Map<String, String> tags, Map<String, String> params, Map<String, IndexedMetric> metrics)
            implements Values {
    }

    IndexedRun(RunInfo run, Map<String, String> tags, Map<String, String> params, Map<String, IndexedMetric> metrics,
               RunStamp stamp) {
        this(run, new Read(tags, params, metrics), stamp);
    }

    Map<String, String> tags() {
        return values.tags();
    }

    Map<String, String> params() {
        return values.params();
    }

    Map<String, IndexedMetric> metrics() {
        return values.metrics();
    }

    /**
     * A metric's stats over the points read so far, and where the reading stopped (after the last complete line), so
     * that points appended later are read alone; the file's time and size as stat-ed before it was read.
     */
    record IndexedMetric(long fileTime, long fileSize, long readBytes, long latestTime, MetricStats stats) {
    }

    /** The same run, values and metric reading positions; the stamps may differ. */
    boolean sameValues(IndexedRun other) {
        return run.equals(other.run) && tags().equals(other.tags()) && params().equals(other.params())
                && metrics().equals(other.metrics());
    }

    /** The stats of one metric; null when the run has none. */
    MetricStats stats(String key) {
        IndexedMetric m = metrics().get(key);
        return m == null ? null : m.stats();
    }

    Map<String, MetricStats> stats() {
        Map<String, MetricStats> out = new LinkedHashMap<>();
        metrics().forEach((k, m) -> {
            if (m.stats() != null) {
                out.put(k, m.stats());
            }
        });
        return out;
    }

    RunSummary summary() {
        return new RunSummary(run, tags(), params(), stats());
    }
}
