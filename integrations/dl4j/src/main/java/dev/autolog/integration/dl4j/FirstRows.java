package dev.autolog.integration.dl4j;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.logging.Diagnostics;
import dev.autolog.model.InputExample;
import java.util.ArrayList;
import java.util.List;

/**
 * The first rows (at most {@link InputExample#MAX_ROWS}) of the features a {@code fit(DataSet)} or
 * {@code fit(features, labels)} got, copied on the training thread; a {@code DataSetIterator} cannot be read
 * without consuming it, and features of rank other than 2 have no row form, so they give none.
 */
final class FirstRows {
    private FirstRows() {
    }

    static List<List<Double>> of(Object data) {
        try {
            Object features = data != null && data.getClass().getName().endsWith("DataSet")
                    ? Reflect.call(data, "getFeatures") : data;
            if (features == null || !features.getClass().getName().startsWith("org.nd4j.")
                    || ((Number) Reflect.call(features, "rank")).intValue() != 2) {
                return null;
            }
            long n = Math.min(InputExample.MAX_ROWS, ((Number) Reflect.call(features, "rows")).longValue());
            List<List<Double>> rows = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                List<Double> row = new ArrayList<>();
                for (double v : (double[]) Reflect.call(Reflect.call(features, "getRow", i), "toDoubleVector")) {
                    row.add(v);
                }
                rows.add(row);
            }
            return rows;
        } catch (Exception | LinkageError e) {
            Diagnostics.debug("DL4J input example not logged: " + e);
            return null;
        }
    }
}
