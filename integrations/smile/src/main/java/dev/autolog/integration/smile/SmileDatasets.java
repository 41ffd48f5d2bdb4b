package dev.autolog.integration.smile;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.dataset.DatasetDescription;
import dev.autolog.dataset.DatasetSpec;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * Smile's data as dataset inputs: a feature matrix ({@code double[][]}, ...) by its shape, a {@code DataFrame} by its
 * schema (column names and Smile types) and row count, with the formula when the training had one. The training
 * thread copies the shape, the schema and the first {@value #SAMPLE_ROWS} rows (as text for a DataFrame); the
 * writer thread builds the rest.
 */
final class SmileDatasets {
    static final int SAMPLE_ROWS = 100;

    private SmileDatasets() {
    }

    /** A spec for {@code data} when it is a matrix or a DataFrame, else null. */
    static DatasetSpec of(String name, String context, Object data, Object formula) throws Exception {
        if (data instanceof Object[] rows && data.getClass().getComponentType().isArray()) {
            int columns = rows.length > 0 && rows[0] != null ? Array.getLength(rows[0]) : 0;
            String dtype = dtype(data.getClass().getComponentType().getComponentType());
            List<Object> sample = new ArrayList<>();
            for (int i = 0; i < Math.min(rows.length, SAMPLE_ROWS); i++) {
                sample.add(copy(rows[i]));
            }
            long count = rows.length;
            String formulaText = formula == null ? null : formula.toString();
            return DatasetSpec.of(name, context, () -> {
                DatasetDescription d = DatasetDescription.inMemory().tensor(dtype, -1, columns)
                        .profile("features_shape", List.of(count, columns));
                if (formulaText != null) {
                    d.profile("formula", formulaText);
                }
                sample.forEach(d::digestOf);
                return d;
            });
        }
        if (Dataset.isDataFrame(data.getClass())) {
            long count = ((Number) Dataset.first(data, "nrow", "nrows", "size")).longValue();
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            Object fields = Reflect.call(Reflect.call(data, "schema"), "fields"); // an array up to 3.x, a List from 4.x
            for (Object field : fields instanceof List<?> list ? list.toArray() : (Object[]) fields) {
                names.add(String.valueOf(member(field, "name")));
                types.add(String.valueOf(member(field, "dtype", "type")).toLowerCase(java.util.Locale.ROOT));
            }
            StringBuilder sample = new StringBuilder();
            try {
                for (int i = 0; i < Math.min(count, SAMPLE_ROWS); i++) {
                    sample.append(Reflect.call(data, "get", i)).append('\n');
                }
            } catch (Exception e) {
                sample.append("rows not readable: ").append(e.getClass().getSimpleName());
            }
            String formulaText = formula == null ? null : formula.toString();
            String rowsText = sample.toString();
            return DatasetSpec.of(name, context, () -> {
                DatasetDescription d = DatasetDescription.inMemory().anyColumns(names, types)
                        .profile("num_rows", count).profile("num_columns", names.size());
                if (formulaText != null) {
                    d.profile("formula", formulaText);
                }
                return d.digestOf(rowsText);
            });
        }
        return null;
    }

    private static Object copy(Object row) {
        if (row == null) {
            return new byte[0];
        }
        int n = Array.getLength(row);
        Object out = Array.newInstance(row.getClass().getComponentType(), n);
        System.arraycopy(row, 0, out, 0, n);
        return out instanceof boolean[] || out instanceof short[] || out instanceof char[] ? row.toString() : out;
    }

    private static String dtype(Class<?> component) {
        if (component == double.class) {
            return "float64";
        }
        if (component == float.class) {
            return "float32";
        }
        if (component == int.class) {
            return "int32";
        }
        return component == long.class ? "int64" : "object";
    }

    /** A record component or getter (4.x+), else a public field (2.x/3.x {@code StructField}). */
    private static Object member(Object target, String... names) throws Exception {
        for (String name : names) {
            try {
                return Reflect.call(target, name);
            } catch (Exception e) {
                try {
                    return target.getClass().getField(name).get(target);
                } catch (NoSuchFieldException next) {
                    // the next spelling
                }
            }
        }
        throw new IllegalArgumentException("no " + String.join("/", names) + " in " + target.getClass().getName());
    }
}
