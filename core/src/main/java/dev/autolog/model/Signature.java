package dev.autolog.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model signature in MLflow's schema JSON: inputs and outputs, each all columns (name + MLflow type) or all
 * tensors (numpy dtype + shape, -1 for a variable dimension). Columns carry no {@code required} key: MLflow 3 reads
 * them as required and MLflow 2 fails on the key (research §3.4).
 */
public record Signature(List<Map<String, Object>> inputs, List<Map<String, Object>> outputs) {

    /** MLflow's scalar column types. */
    public static final List<String> COLUMN_TYPES = List.of("boolean", "integer", "long", "float", "double", "string",
            "binary", "datetime");

    public Signature {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("a signature needs at least one input (MLflow rejects an empty schema)");
        }
        inputs = List.copyOf(inputs);
        outputs = outputs == null || outputs.isEmpty() ? null : List.copyOf(outputs);
    }

    /** One column spec; {@code type} one of {@link #COLUMN_TYPES}. */
    public static Map<String, Object> column(String name, String type) {
        if (!COLUMN_TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown MLflow column type " + type + " (accepted: " + COLUMN_TYPES + ")");
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", type);
        spec.put("name", name);
        return spec;
    }

    /**
     * The MLflow column type a framework's type maps to in {@code types}; a type without one fails the signature,
     * naming the column.
     */
    public static String columnType(Map<String, String> types, String framework, String column, String frameworkType) {
        String type = types.get(frameworkType);
        if (type == null) {
            throw new IllegalArgumentException("column " + column + " of " + framework + " type " + frameworkType
                    + " has no MLflow column type");
        }
        return type;
    }

    /** Column specs for names and types of equal length. */
    public static List<Map<String, Object>> columns(List<String> names, List<String> types) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(column(names.get(i), types.get(i)));
        }
        return out;
    }

    /** One unnamed tensor spec, e.g. {@code tensor("float32", -1, 4)}. */
    public static Map<String, Object> tensor(String dtype, long... shape) {
        return namedTensor(null, dtype, shape);
    }

    /** One tensor spec named after a graph's input or output; {@code name} null for an unnamed one. */
    public static Map<String, Object> namedTensor(String name, String dtype, long... shape) {
        Map<String, Object> tensorSpec = new LinkedHashMap<>();
        tensorSpec.put("dtype", dtype);
        List<Long> dims = new ArrayList<>();
        for (long d : shape) {
            dims.add(d);
        }
        tensorSpec.put("shape", dims);
        Map<String, Object> spec = new LinkedHashMap<>();
        if (name != null) {
            spec.put("name", name);
        }
        spec.put("type", "tensor");
        spec.put("tensor-spec", tensorSpec);
        return spec;
    }

    /** The {@code signature} block of MLmodel: each part a JSON string, or null. */
    Map<String, Object> toMlModel() {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("inputs", Json.of(inputs));
        block.put("outputs", outputs == null ? null : Json.of(outputs));
        block.put("params", null);
        return block;
    }
}
