package dev.autolog.cli;

import dev.autolog.backend.JsonReader;
import dev.autolog.backend.LoggedModelInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's logged model as {@code runs show} prints it. */
final class ModelSummary {
    /** Nested types ({@code array<array<…>>}) shown this deep. */
    private static final int MAX_NESTING = 8;

    private ModelSummary() {
    }

    static List<String> row(LoggedModelInfo m) {
        return List.of(m.name(), m.modelId(), m.status(), String.join(", ", m.flavors()), signature(m.signatureInputs()),
                String.join(", ", m.registeredVersions()));
    }

    static Map<String, Object> toJson(LoggedModelInfo m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("path", m.name());
        json.put("model_id", m.modelId());
        json.put("status", m.status());
        json.put("flavors", m.flavors());
        json.put("signature_inputs", m.signatureInputs());
        json.put("registered_versions", m.registeredVersions());
        return json;
    }

    /**
     * {@code f0:double, f1:double} for columns, {@code float32[-1, 4]} for a tensor ({@code out:float64[-1, 1]} when
     * named), {@code v:array<double>} for MLflow 3's nested types; empty without a signature or when its JSON is
     * unreadable (a store file is read, never trusted).
     */
    static String signature(String inputsJson) {
        if (inputsJson == null) {
            return "";
        }
        try {
            return specs(JsonReader.parse(inputsJson));
        } catch (IllegalArgumentException malformed) {
            return "";
        }
    }

    /** The specs of a parsed schema list, as {@link #signature} shows them. */
    static String specs(Object list) {
        List<String> parts = new ArrayList<>();
        if (list instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> spec) {
                    parts.add((spec.get("name") instanceof String name ? name + ":" : "") + type(spec, 0));
                }
            }
        }
        return String.join(", ", parts);
    }

    private static String type(Map<?, ?> spec, int depth) {
        if (depth > MAX_NESTING) {
            return "…";
        }
        Object type = spec.get("type");
        if ("tensor".equals(type) && spec.get("tensor-spec") instanceof Map<?, ?> tensor) {
            return tensor.get("dtype") + "[" + shape(tensor.get("shape")) + "]";
        }
        if ("array".equals(type) && spec.get("items") instanceof Map<?, ?> items) {
            return "array<" + type(items, depth + 1) + ">";
        }
        if ("map".equals(type) && spec.get("values") instanceof Map<?, ?> values) {
            return "map<" + type(values, depth + 1) + ">";
        }
        return type instanceof String name ? name : "?";
    }

    private static String shape(Object shape) {
        if (!(shape instanceof List<?> dims)) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (Object d : dims) {
            out.add(d instanceof Double v && v == Math.rint(v) && !v.isInfinite() ? Long.toString(v.longValue())
                    : String.valueOf(d));
        }
        return String.join(", ", out);
    }
}
