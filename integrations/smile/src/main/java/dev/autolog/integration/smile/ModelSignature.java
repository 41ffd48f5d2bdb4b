package dev.autolog.integration.smile;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.logging.Diagnostics;
import dev.autolog.model.InputExample;
import dev.autolog.model.ModelSpec;
import dev.autolog.model.Signature;
import dev.autolog.run.Training;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Smile model's signature and input example, from the data it was trained on. A model trained on a
 * {@code DataFrame} reads the columns its formula takes from the training frame: the model's own predictor schema
 * (response left out), in the frame's order, Smile's types as MLflow column types; its output is the response
 * column. A model trained on a matrix ({@code double[][]}, ...) reads a tensor {@code [-1, width]}. Outputs: class
 * labels and cluster ids as integers, regression values as doubles.
 */
final class ModelSignature {
    private static final Map<String, String> COLUMN_TYPES = Map.ofEntries(Map.entry("Boolean", "boolean"),
            Map.entry("Byte", "integer"), Map.entry("Short", "integer"), Map.entry("Integer", "integer"),
            Map.entry("Int", "integer"), Map.entry("Long", "long"), Map.entry("Float", "float"),
            Map.entry("Double", "double"), Map.entry("Decimal", "double"), Map.entry("Char", "string"),
            Map.entry("String", "string"), Map.entry("Date", "datetime"), Map.entry("DateTime", "datetime"));
    private static final Map<Class<?>, String> DTYPES = Map.of(double.class, "float64", float.class, "float32",
            int.class, "int32", long.class, "int64");

    private ModelSignature() {
    }

    /** Adds the signature (computed on the writer thread) and, when logged, the first rows (copied here). */
    static void describe(ModelSpec.Builder spec, Training training, Object model, Object data) {
        if (data == null) {
            return;
        }
        String output = outputType(model);
        if (isMatrix(data)) {
            Object[] rows = (Object[]) data;
            String dtype = DTYPES.get(data.getClass().getComponentType().getComponentType());
            if (dtype == null) {
                return;
            }
            long width = rows.length > 0 && rows[0] != null ? Array.getLength(rows[0]) : -1;
            spec.signature(() -> new Signature(List.of(Signature.tensor(dtype, -1, width)), output == null ? null
                    : List.of(Signature.tensor(output.equals("double") ? "float64" : "int32", -1))));
            if (training.logsInputExamples()) {
                List<Object> first = new ArrayList<>();
                for (int i = 0; i < Math.min(InputExample.MAX_ROWS, rows.length); i++) {
                    first.add(boxed(rows[i]));
                }
                spec.inputExample(() -> InputExample.tensor(first));
            }
            return;
        }
        spec.signature(() -> columns(model, output));
        if (training.logsInputExamples()) {
            List<List<Object>> first = firstRows(model, data);
            if (first != null) {
                spec.inputExample(() -> InputExample.dataframe(predictors(model), first));
            }
        }
    }

    private static boolean isMatrix(Object data) {
        return data instanceof Object[] && data.getClass().getComponentType().isArray();
    }

    /** MLflow's type of what the model predicts: {@code integer} (classes, clusters), {@code double}, or null. */
    private static String outputType(Object model) {
        String name = model.getClass().getName();
        if (name.startsWith("smile.regression.") || name.equals("smile.model.RegressionModel")) {
            return "double";
        }
        return name.startsWith("smile.classification.") || name.startsWith("smile.clustering.")
                || name.equals("smile.model.ClassificationModel") ? "integer" : null;
    }

    private static Signature columns(Object model, String output) {
        try {
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            String response = response(model);
            for (Object field : fields(model)) {
                String name = (String) Values.property(field, "name");
                if (name.equals(response)) {
                    continue;
                }
                Object type = Values.property(field, "dtype");
                String id = String.valueOf(Reflect.call(type != null ? type : Values.property(field, "type"), "id"));
                names.add(name);
                types.add(Signature.columnType(COLUMN_TYPES, "Smile", name, id));
            }
            return new Signature(Signature.columns(names, types), response == null || output == null ? null
                    : List.of(Signature.column(response, output)));
        } catch (Exception e) {
            throw new IllegalStateException("signature of " + model.getClass().getName() + ": " + e, e);
        }
    }

    /** The fields of the model's schema: an array up to 3.x, a list from 4.x on. */
    private static List<?> fields(Object model) throws Exception {
        Object fields = Reflect.call(Reflect.call(model, "schema"), "fields");
        return fields instanceof Object[] array ? List.of(array) : (List<?>) fields;
    }

    private static String response(Object model) throws Exception {
        Object formula = Values.property(model, "formula");
        Object response = formula == null ? null : Reflect.call(formula, "response");
        return response == null ? null : response.toString();
    }

    private static List<String> predictors(Object model) {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> column : columns(model, null).inputs()) {
            names.add((String) column.get("name"));
        }
        return names;
    }

    /** The predictors of the frame's first rows, a bounded copy taken on the training thread. */
    private static List<List<Object>> firstRows(Object model, Object frame) {
        try {
            List<String> names = predictors(model);
            int n = Math.min(InputExample.MAX_ROWS, ((Number) Dataset.first(frame, "nrow", "nrows", "size")).intValue());
            List<List<Object>> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Object tuple = Reflect.call(frame, "get", i);
                List<Object> row = new ArrayList<>(names.size());
                for (String name : names) {
                    row.add(Reflect.call(tuple, "get", name));
                }
                rows.add(row);
            }
            return rows;
        } catch (Exception e) {
            Diagnostics.debug("Smile input example not logged: " + e);
            return null;
        }
    }

    private static List<Object> boxed(Object row) {
        List<Object> values = new ArrayList<>(Array.getLength(row));
        for (int i = 0; i < Array.getLength(row); i++) {
            values.add(Array.get(row, i));
        }
        return values;
    }
}
