package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.model.Signature;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raw columns a fitted model reads from the training data, not only the assembled vector: every column a stage
 * takes as input that no earlier stage produced, in the order of the training data's schema, with its MLflow type.
 */
final class SparkSignature {
    private static final List<String> INPUTS = List.of("inputCol", "inputCols", "featuresCol");
    private static final List<String> OUTPUTS = List.of("outputCol", "outputCols", "predictionCol", "rawPredictionCol",
            "probabilityCol", "leafCol");
    private static final Map<String, String> TYPES = Map.of("double", "double", "float", "float", "integer",
            "integer", "long", "long", "string", "string", "boolean", "boolean", "binary", "binary", "timestamp",
            "datetime");

    private SparkSignature() {
    }

    static Signature of(Object dataset, Object model) throws Exception {
        Set<String> produced = new HashSet<>();
        Set<String> read = new LinkedHashSet<>();
        for (Object stage : SparkModels.parts(model)) {
            Map<String, Object> values = values(stage);
            for (String in : INPUTS) {
                for (String column : columns(values.get(in))) {
                    if (!produced.contains(column)) {
                        read.add(column);
                    }
                }
            }
            for (String out : OUTPUTS) {
                produced.addAll(columns(values.get(out)));
            }
        }
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Object field : (Object[]) Reflect.call(Reflect.call(dataset, "schema"), "fields")) {
            String name = (String) Reflect.call(field, "name");
            if (read.contains(name)) {
                String sparkType = String.valueOf(Reflect.call(Reflect.call(field, "dataType"), "typeName"));
                names.add(name);
                types.add(Signature.columnType(TYPES, "Spark", name, sparkType));
            }
        }
        return new Signature(Signature.columns(names, types), null);
    }

    /** A stage's set and default param values by param name. */
    private static Map<String, Object> values(Object stage) throws Exception {
        Map<String, Object> out = new java.util.HashMap<>();
        if (!Reflect.hasMethod(stage, "extractParamMap", 0)) {
            return out;
        }
        for (Object pair : (List<?>) Reflect.call(Reflect.call(stage, "extractParamMap"), "toList")) {
            out.put(String.valueOf(Reflect.call(Reflect.call(pair, "param"), "name")), Reflect.call(pair, "value"));
        }
        return out;
    }

    private static List<String> columns(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof String[] a) {
            return List.of(a);
        }
        return List.of();
    }
}
