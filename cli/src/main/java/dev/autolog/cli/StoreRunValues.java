package dev.autolog.cli;

import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.RunInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A run of the local store as a search reads it: its tags, params and metrics are read on first use, once. Not
 * thread-safe; a run is read by one thread at a time.
 */
final class StoreRunValues implements RunValues {
    private final RunInfo run;
    private final LocalStoreReader reader;
    private Map<String, String> tags;
    private Map<String, String> params;
    private Map<String, MetricStats> metrics;
    private List<DatasetInput> inputs;
    private IndexedRun indexed;

    StoreRunValues(RunInfo run, LocalStoreReader reader) {
        this.run = run;
        this.reader = reader;
    }

    /** A run of the store index: values looked up there, no map built per run. */
    StoreRunValues(IndexedRun indexed, LocalStoreReader reader) {
        this(indexed.run(), reader);
        this.indexed = indexed;
        this.tags = indexed.tags();
        this.params = indexed.params();
    }

    RunInfo run() {
        return run;
    }

    @Override
    public Object value(SearchField field) {
        return switch (field.kind()) {
            case METRIC -> {
                MetricStats m = metric(field.key());
                yield m == null ? null : m.latest();
            }
            case PARAM -> params().get(field.key());
            case TAG -> tags().get(field.key());
            case ATTRIBUTE -> attribute(field.key());
            case DATASET -> datasetValues(field.key());
        };
    }

    /** The metric's latest and best values; null when the run has none of it. */
    MetricStats metric(String key) {
        return indexed != null ? indexed.stats(key) : metrics().get(key);
    }

    /** The keys the run has of params, metrics or tags. */
    java.util.Set<String> keys(SearchField.Kind kind) {
        return switch (kind) {
            case PARAM -> params().keySet();
            case TAG -> tags().keySet();
            case METRIC -> indexed != null ? indexed.stats().keySet()
                    : metrics != null ? metrics.keySet() : reader.lastPoints(run.runId()).keySet();
            default -> throw new IllegalArgumentException("no keys of " + kind);
        };
    }

    private Object attribute(String name) {
        return switch (name) {
            case "run_id" -> run.runId();
            case "run_name" -> run.runName();
            case "user_id" -> run.user();
            case "status" -> run.status().name();
            case "start_time" -> run.startTime();
            case "end_time" -> run.endTime();
            case "artifact_uri" -> artifactUri();
            default -> throw new IllegalArgumentException("no attribute " + name);
        };
    }

    /** As the store records it: the run directory's URI and {@code /artifacts}. */
    private String artifactUri() {
        String dir = run.dir().toAbsolutePath().toUri().toString();
        return (dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir) + "/artifacts";
    }

    /** The field of each of the run's dataset inputs; null when it has none. */
    private List<String> datasetValues(String name) {
        if (inputs == null) {
            inputs = reader.inputs(run.runId());
        }
        if (inputs.isEmpty()) {
            return null;
        }
        return inputs.stream().map(in -> switch (name) {
            case "name" -> in.name();
            case "digest" -> in.digest();
            case "context" -> in.context();
            case "source" -> in.source();
            default -> in.sourceType();
        }).filter(java.util.Objects::nonNull).toList();
    }

    private Map<String, String> tags() {
        if (tags == null) {
            tags = reader.tags(run.runId());
        }
        return tags;
    }

    private Map<String, String> params() {
        if (params == null) {
            params = reader.params(run.runId());
        }
        return params;
    }

    private Map<String, MetricStats> metrics() {
        if (metrics == null) {
            metrics = metricStats(run, null);
        }
        return metrics;
    }

    /** Each metric's stats, its file read in chunks, never whole ({@link RunDirReader#metricStats}). */
    static Map<String, MetricStats> metricStats(RunInfo run, BestDirection direction) {
        try {
            return RunDirReader.metricStats(run.dir(), direction);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
