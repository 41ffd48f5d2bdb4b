package dev.autolog.cli;

import java.util.Map;
import java.util.Set;

/**
 * What a search filter, an order-by or a column names: a metric (its latest value), a param or a tag by key, or an
 * attribute of the run. Entity types and attribute names are MLflow's ({@link SearchParser} names the version).
 */
record SearchField(Kind kind, String key) {
    enum Kind {
        METRIC("metrics"), PARAM("params"), TAG("tags"), ATTRIBUTE("attributes"), DATASET("datasets");

        final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    /** MLflow's searchable (and orderable) run attributes. */
    static final Set<String> ATTRIBUTES = Set.of("artifact_uri", "end_time", "run_id", "run_name", "start_time",
            "status", "user_id");
    /** MLflow's {@code datasets.name / digest / context}, and beyond it the dataset's source and source type. */
    static final java.util.List<String> DATASET_FIELDS = java.util.List.of("name", "digest", "context", "source",
            "source_type");
    private static final Set<String> NUMERIC_ATTRIBUTES = Set.of("start_time", "end_time");
    private static final Map<String, String> ATTRIBUTE_ALIASES = Map.of("created", "start_time", "Created",
            "start_time", "run name", "run_name", "Run name", "run_name", "Run Name", "run_name");
    private static final Map<String, Kind> ENTITY_TYPES = Map.ofEntries(Map.entry("metric", Kind.METRIC),
            Map.entry("metrics", Kind.METRIC), Map.entry("param", Kind.PARAM), Map.entry("params", Kind.PARAM),
            Map.entry("parameter", Kind.PARAM), Map.entry("parameters", Kind.PARAM), Map.entry("tag", Kind.TAG),
            Map.entry("tags", Kind.TAG), Map.entry("attribute", Kind.ATTRIBUTE), Map.entry("attributes",
                    Kind.ATTRIBUTE), Map.entry("attr", Kind.ATTRIBUTE), Map.entry("run", Kind.ATTRIBUTE),
            Map.entry("dataset", Kind.DATASET), Map.entry("datasets", Kind.DATASET));

    static final String ENTITY_TYPES_ACCEPTED = "metrics, params, tags, attributes (or metric, param, parameter(s),"
            + " tag, attribute, attr, run), datasets (or dataset)";

    /** The entity type of a prefix such as {@code metric} or {@code params}, null when MLflow has no such type. */
    static Kind entityType(String prefix) {
        return ENTITY_TYPES.get(prefix);
    }

    /** The attribute an MLflow name or alias stands for ({@code created} is {@code start_time}); null if none. */
    static String attribute(String name) {
        String canonical = ATTRIBUTE_ALIASES.getOrDefault(name, name);
        return ATTRIBUTES.contains(canonical) ? canonical : null;
    }

    /** Metrics and the time attributes compare as numbers, the rest as text. */
    boolean isNumeric() {
        return kind == Kind.METRIC || kind == Kind.ATTRIBUTE && NUMERIC_ATTRIBUTES.contains(key);
    }

    boolean isTime() {
        return kind == Kind.ATTRIBUTE && NUMERIC_ATTRIBUTES.contains(key);
    }

    /** As a column is headed: {@code metrics.test-auc}, {@code attributes.status}. */
    String name() {
        return kind.prefix + "." + key;
    }
}
