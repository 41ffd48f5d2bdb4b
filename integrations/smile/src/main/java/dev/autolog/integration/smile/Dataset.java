package dev.autolog.integration.smile;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.run.Training;

/** The shape of the data a training got: a feature matrix ({@code double[][]}, ...) or a {@code DataFrame}. */
final class Dataset {
    private static final String DATA_FRAME = "smile.data.DataFrame";

    private Dataset() {
    }

    /** Logs {@code dataset.*} params when {@code data} is training data; says whether it was. */
    static boolean log(Training training, Object data) {
        if (data instanceof Object[] rows && data.getClass().getComponentType().isArray()) {
            training.param("dataset.num_examples", rows.length);
            if (rows.length > 0 && rows[0] != null) {
                training.param("dataset.num_features", java.lang.reflect.Array.getLength(rows[0]));
            }
            return true;
        }
        if (isDataFrame(data.getClass())) {
            training.param("dataset.num_examples", first(data, "nrow", "nrows", "size"));
            training.param("dataset.num_columns", first(data, "ncol", "ncols"));
            return true;
        }
        return false;
    }

    /** {@code smile.data.DataFrame}: an interface up to 3.x, a record from 4.x on. */
    static boolean isDataFrame(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(DATA_FRAME)) {
                return true;
            }
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(DATA_FRAME)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The value of the first of {@code methods} the target has; null when none answers. */
    static Object first(Object target, String... methods) {
        for (String m : methods) {
            try {
                return Reflect.call(target, m);
            } catch (Exception e) {
                // the next spelling
            }
        }
        return null;
    }
}
