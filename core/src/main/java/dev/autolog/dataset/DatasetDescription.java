package dev.autolog.dataset;

import dev.autolog.model.Json;
import dev.autolog.model.Signature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is known about one dataset, in MLflow's terms (research/mlflow-models.md §6.3, §6.4): the source type and
 * its JSON fields, the schema (columns or a tensor), the profile, and the material its digest is computed from
 * ({@link DatasetDigest}). Built on the writer thread from what the training thread copied.
 */
public final class DatasetDescription {
    /** MLflow's source type for data that lives only in memory (autologging's own choice, research §6.3). */
    public static final String IN_MEMORY = "code";

    private final String sourceType;
    private final Map<String, Object> source;
    private Map<String, Object> schema;
    private final Map<String, Object> profile = new LinkedHashMap<>();
    private final List<Object> digestParts = new ArrayList<>();

    private DatasetDescription(String sourceType, Map<String, Object> source) {
        this.sourceType = sourceType;
        this.source = new LinkedHashMap<>(source);
    }

    /** A source of {@code sourceType} ({@code local}, {@code spark}, {@code code}, ...) with its JSON fields. */
    public static DatasetDescription of(String sourceType, Map<String, ?> source) {
        return new DatasetDescription(sourceType, new LinkedHashMap<>(source));
    }

    /** A file: {@code local} with its absolute path as {@code uri}, or the URI's scheme ({@code s3}, ...). */
    public static DatasetDescription file(String pathOrUri) {
        int colon = pathOrUri.indexOf("://");
        String scheme = colon > 1 ? pathOrUri.substring(0, colon) : "local";
        String uri = scheme.equals("local") ? java.nio.file.Path.of(pathOrUri).toAbsolutePath().normalize().toString()
                : pathOrUri;
        return of(scheme.equals("file") ? "local" : scheme, Map.of("uri", uri));
    }

    /** Data only in memory: {@code code}, and the writer fills in the run's source tags as MLflow does. */
    public static DatasetDescription inMemory() {
        return of(IN_MEMORY, Map.of());
    }

    /** One more field of the source JSON, e.g. a file's {@code format}. */
    public DatasetDescription sourceField(String key, Object value) {
        source.put(key, value);
        return this;
    }

    /** A {@code mlflow_colspec} schema; {@code types} are MLflow column types ({@link Signature#COLUMN_TYPES}). */
    public DatasetDescription columns(List<String> names, List<String> types) {
        schema = Map.of("mlflow_colspec", Signature.columns(names, types));
        return this;
    }

    /**
     * A {@code mlflow_colspec} schema whose types may be a framework's own where MLflow has none (a Spark
     * {@code vector}): MLflow's UI shows a dataset schema's names and types as they are.
     */
    public DatasetDescription anyColumns(List<String> names, List<String> types) {
        List<Map<String, Object>> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("type", types.get(i));
            column.put("name", names.get(i));
            columns.add(column);
        }
        schema = Map.of("mlflow_colspec", columns);
        return this;
    }

    /** A {@code mlflow_tensorspec} schema of the features, e.g. {@code tensor("float32", -1, 20)}. */
    public DatasetDescription tensor(String dtype, long... shape) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("features", Json.of(List.of(Signature.tensor(dtype, shape))));
        spec.put("targets", null);
        schema = Map.of("mlflow_tensorspec", spec);
        return this;
    }

    /** One profile entry ({@code num_rows}, {@code features_shape}, ...); part of the digest, so data-derived only. */
    public DatasetDescription profile(String key, Object value) {
        profile.put(key, value);
        return this;
    }

    /**
     * Adds to what the digest hashes: a bounded sample of the rows ({@code float[]}, {@code double[]},
     * {@code int[]}, {@code long[]}, {@code byte[]}), or the source's own version or hash (text, a number).
     */
    public DatasetDescription digestOf(Object part) {
        if (part != null) {
            digestParts.add(part);
        }
        return this;
    }

    public String sourceType() {
        return sourceType;
    }

    public Map<String, Object> source() {
        return source;
    }

    /** The schema's JSON text, or null. */
    public String schemaJson() {
        return schema == null ? null : Json.of(schema);
    }

    /** The profile's JSON text, or null when empty. */
    public String profileJson() {
        return profile.isEmpty() ? null : Json.of(profile);
    }

    List<Object> digestParts() {
        return digestParts;
    }
}
