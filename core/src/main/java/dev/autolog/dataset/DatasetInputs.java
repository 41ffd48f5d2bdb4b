package dev.autolog.dataset;

import dev.autolog.backend.DatasetInput;
import dev.autolog.logging.Diagnostics;
import dev.autolog.model.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link DatasetSpec} into the {@link DatasetInput} MLflow stores, on the writer thread: runs the
 * description supplier, writes the JSON, computes the digest and keeps every field within the limits an MLflow
 * server enforces (research §6.1), so what the local store holds is also what a server accepts.
 */
public final class DatasetInputs {
    static final int MAX_NAME = 500;
    static final int MAX_CONTEXT = 500;
    static final int MAX_SOURCE = 65_535;
    /** MLflow 2's limit (3.x allows 1,048,575): a schema both take. */
    static final int MAX_SCHEMA = 65_535;
    static final int MAX_PROFILE = 16_777_215;
    /** The run tags MLflow's {@code code} source carries. */
    private static final List<String> CODE_SOURCE_TAGS = List.of("mlflow.user", "mlflow.source.name",
            "mlflow.source.type");

    private DatasetInputs() {
    }

    /** {@code runTags}: the run's context tags, for in-memory data ({@code code} sources). */
    public static DatasetInput of(DatasetSpec spec, Map<String, String> runTags) {
        DatasetDescription d = spec.description().get();
        if (d == null) {
            throw new IllegalArgumentException("dataset " + spec.name() + " has no description");
        }
        Map<String, Object> source = d.source();
        if (DatasetDescription.IN_MEMORY.equals(d.sourceType()) && !source.containsKey("tags")) {
            Map<String, String> tags = new LinkedHashMap<>();
            CODE_SOURCE_TAGS.forEach(k -> {
                if (runTags.get(k) != null) {
                    tags.put(k, runTags.get(k));
                }
            });
            Map<String, Object> withTags = new LinkedHashMap<>();
            withTags.put("tags", tags);
            withTags.putAll(source);
            source = withTags;
        }
        String sourceJson = Json.of(source);
        if (sourceJson.length() > MAX_SOURCE) {
            throw new IllegalArgumentException("the source of dataset " + spec.name() + " is " + sourceJson.length()
                    + " characters, over MLflow's " + MAX_SOURCE);
        }
        String schema = d.schemaJson();
        if (schema != null && schema.length() > MAX_SCHEMA) {
            Diagnostics.debug("dataset " + spec.name() + ": schema of " + schema.length() + " characters left out "
                    + "(MLflow 2 takes at most " + MAX_SCHEMA + ")");
            schema = null;
        }
        String profile = d.profileJson();
        if (profile != null && profile.length() > MAX_PROFILE) {
            profile = null;
        }
        return new DatasetInput(cut(spec.name(), MAX_NAME), DatasetDigest.of(d), d.sourceType(), sourceJson, schema,
                profile, spec.context() == null ? null : cut(spec.context(), MAX_CONTEXT));
    }

    private static String cut(String s, int max) {
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max));
    }
}
