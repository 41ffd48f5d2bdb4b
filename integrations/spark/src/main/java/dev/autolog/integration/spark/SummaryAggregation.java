package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import java.util.List;
import java.util.Map;

/**
 * The confusion-based scalar metrics of a classification training summary in one aggregation over its predictions
 * (one Spark job). {@code areaUnderROC} stays Spark's own: its binning of sorted scores depends on the partitioning,
 * so no aggregation reproduces its value.
 */
final class SummaryAggregation {
    private SummaryAggregation() {
    }

    /** Null when {@code summary} is not a classification summary. */
    static Map<String, Double> metrics(Object summary) throws Exception {
        if (!TrainingSummaries.hasMethod(summary, "accuracy") || !TrainingSummaries.hasMethod(summary, "weightCol")) {
            return null;
        }
        Object predictions = Reflect.call(summary, "predictions");
        // a fit without weights names a column "weightCol" that the predictions lack: Spark weighs 1.0 then
        String weightCol = (String) Reflect.call(summary, "weightCol");
        String weight = List.of((Object[]) Reflect.call(predictions, "columns")).contains(weightCol)
                ? "CAST(" + quoted(weightCol) + " AS DOUBLE)" : "CAST(1 AS DOUBLE)";
        Object table = Reflect.call(predictions, "selectExpr", (Object) new String[] {
            "CAST(" + quoted((String) Reflect.call(summary, "labelCol")) + " AS DOUBLE) AS l",
            "CAST(" + quoted((String) Reflect.call(summary, "predictionCol")) + " AS DOUBLE) AS p",
            weight + " AS w"});
        Object grouped = Reflect.call(table, "groupBy", "l", new String[] {"p"});
        List<?> rows = (List<?>) Reflect.call(Reflect.call(grouped, "agg", Map.of("w", "sum")), "collectAsList");
        ClassificationMetrics metrics = new ClassificationMetrics();
        for (Object row : rows) {
            metrics.add(number(row, 0), number(row, 1), number(row, 2));
        }
        return metrics.metrics();
    }

    private static double number(Object row, int i) throws Exception {
        return ((Number) Reflect.call(row, "get", i)).doubleValue();
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
