package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import java.util.List;
import java.util.Map;

/**
 * The scalar metrics of a classification training summary in one aggregation over its predictions (one Spark job),
 * where Spark's own summary takes a job for its confusion counts and several sorts of every distinct score for
 * {@code areaUnderROC}. A binary summary scored by a probability is binned into {@link #SCORE_BINS} equal bins.
 */
final class SummaryAggregation {
    static final int SCORE_BINS = 10_000;
    private static final String VECTOR_FUNCTIONS = "org.apache.spark.ml.functions";
    private static final String SCORE = "__autolog_score";

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
        String bin = "NULL";
        if (scoredByProbability(summary)) {
            Object score = Reflect.call(Reflect.callStatic(summary.getClass().getClassLoader(), VECTOR_FUNCTIONS,
                    "vector_to_array", column(summary, (String) Reflect.call(summary, "scoreCol")), "float64"),
                    "getItem", 1);
            predictions = Reflect.call(predictions, "withColumn", SCORE, score);
            bin = "CAST(FLOOR(" + SCORE + " * " + SCORE_BINS + ") AS BIGINT)";
        }
        Object table = Reflect.call(predictions, "selectExpr", (Object) new String[] {
            "CAST(" + quoted((String) Reflect.call(summary, "labelCol")) + " AS DOUBLE) AS l",
            "CAST(" + quoted((String) Reflect.call(summary, "predictionCol")) + " AS DOUBLE) AS p",
            bin + " AS b", weight + " AS w"});
        Object grouped = Reflect.call(table, "groupBy", "l", new String[] {"p", "b"});
        List<?> rows = (List<?>) Reflect.call(Reflect.call(grouped, "agg", Map.of("w", "sum")), "collectAsList");
        ClassificationMetrics metrics = new ClassificationMetrics();
        for (Object row : rows) {
            Object b = Reflect.call(row, "get", 2);
            metrics.add(number(row, 0), number(row, 1), b == null ? null : Math.min(((Number) b).longValue(),
                    SCORE_BINS - 1), number(row, 3));
        }
        return metrics.metrics();
    }

    private static double number(Object row, int i) throws Exception {
        return ((Number) Reflect.call(row, "get", i)).doubleValue();
    }

    /** A binary summary whose score is the probability vector (logistic regression, trees, FM), not raw margins. */
    private static boolean scoredByProbability(Object summary) throws Exception {
        return TrainingSummaries.hasMethod(summary, "scoreCol") && TrainingSummaries.hasMethod(summary, "probabilityCol")
                && Reflect.call(summary, "scoreCol") != null
                && Reflect.call(summary, "scoreCol").equals(Reflect.call(summary, "probabilityCol"));
    }

    private static Object column(Object summary, String name) throws Exception {
        return Reflect.callStatic(summary.getClass().getClassLoader(), "org.apache.spark.sql.functions", "col", name);
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
