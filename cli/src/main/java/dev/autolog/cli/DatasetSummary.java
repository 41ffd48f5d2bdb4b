package dev.autolog.cli;

import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.JsonReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's dataset input as {@code runs show} (and the UI's run page) shows it. */
final class DatasetSummary {
    private static final int SCHEMA_SHOWN = 100;

    private DatasetSummary() {
    }

    static List<String> row(DatasetInput in) {
        return List.of(in.name(), in.digest(), orEmpty(in.context()), in.sourceType() + " " + orEmpty(in.source()),
                schema(in.schema()), orEmpty(in.profile()));
    }

    static Map<String, Object> toJson(DatasetInput in) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", in.name());
        json.put("digest", in.digest());
        json.put("context", in.context());
        json.put("source_type", in.sourceType());
        json.put("source", in.source());
        json.put("schema", in.schema());
        json.put("profile", in.profile());
        return json;
    }

    /** Columns as {@code f0:double, f1:double}, a tensor as {@code float32[-1, 4]}; cut after 100 characters. */
    static String schema(String json) {
        if (json == null) {
            return "";
        }
        String shown = columnsOrTensors(json);
        return shown.length() <= SCHEMA_SHOWN ? shown : shown.substring(0, SCHEMA_SHOWN) + "…";
    }

    /**
     * {@code {"mlflow_colspec": [...]}}, or {@code {"mlflow_tensorspec": {"features": "<JSON text>", ...}}} whose
     * specs are JSON inside a JSON string (research/mlflow-models.md §6.4); empty when unreadable.
     */
    private static String columnsOrTensors(String json) {
        try {
            if (!(JsonReader.parse(json) instanceof Map<?, ?> schema)) {
                return "";
            }
            if (schema.get("mlflow_colspec") instanceof List<?> columns) {
                return ModelSummary.specs(columns);
            }
            return schema.get("mlflow_tensorspec") instanceof Map<?, ?> tensors
                    && tensors.get("features") instanceof String features ? ModelSummary.signature(features) : "";
        } catch (IllegalArgumentException malformed) {
            return "";
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
