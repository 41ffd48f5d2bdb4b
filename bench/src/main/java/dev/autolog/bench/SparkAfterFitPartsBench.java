package dev.autolog.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.BinaryLogisticRegressionTrainingSummary;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import scala.Tuple3;

/**
 * Where the after-fit time of {@link SparkPipelineBench}'s tracked fit goes: without the agent, each part of what
 * tracking does after the fit, run alone on a fresh fit's summary, as this JVM's CPU time and wall time (medians
 * after warm-up rounds): the fit; Spark's summary {@code areaUnderROC}; the summary's confusion-based metrics
 * (Spark's own getters: one job, the confusion table then kept); the model save; and, as an alternative, one persisted (score, label, prediction, weight) projection
 * feeding both the aggregation and a {@code BinaryClassificationMetrics} with the summary's 100 bins (with the
 * difference of its area from the summary's own). Run like {@link SparkPipelineBench}, without the agent.
 */
public final class SparkAfterFitPartsBench {
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 200000;
        SparkSession spark = SparkPipelineBench.session();
        Dataset<Row> data = SparkPipelineBench.data(spark, rows).cache();
        data.count();
        Pipeline pipeline = SparkPipelineBench.pipeline();
        Map<String, List<double[]>> parts = new LinkedHashMap<>();
        List<Double> differences = new ArrayList<>();
        for (int round = 0; round < 2 + rounds; round++) {
            boolean counted = round >= 2;
            PipelineModel model = measure(parts, counted, "fit", () -> pipeline.fit(data));
            BinaryLogisticRegressionTrainingSummary summary =
                    ((LogisticRegressionModel) model.stages()[1]).binarySummary();
            double sparkArea = measure(parts, counted, "summary areaUnderROC", summary::areaUnderROC);
            measure(parts, counted, "summary confusion metrics", () -> summary.accuracy()
                    + summary.weightedPrecision() + summary.weightedRecall() + summary.weightedFMeasure()
                    + summary.weightedTruePositiveRate() + summary.weightedFalsePositiveRate());
            measure(parts, counted, "model save", () -> save(model));
            BinaryLogisticRegressionTrainingSummary fresh =
                    ((LogisticRegressionModel) pipeline.fit(data).stages()[1]).binarySummary();
            double projected = measure(parts, counted, "projection: aggregation + BinaryClassificationMetrics(100)",
                    () -> projected(fresh));
            if (counted) {
                differences.add(projected - sparkArea);
            }
        }
        for (Map.Entry<String, List<double[]>> e : parts.entrySet()) {
            System.out.printf("%s: CPU %.1f ms, wall %.1f ms%n", e.getKey(),
                    ChildJvm.median(e.getValue().stream().map(v -> v[0]).toList()),
                    ChildJvm.median(e.getValue().stream().map(v -> v[1]).toList()));
        }
        System.out.println("projection's area minus the summary's (a fresh fit each): " + differences);
        spark.stop();
    }

    private static <T> T measure(Map<String, List<double[]>> parts, boolean counted, String name, Supplier<T> part) {
        long cpu = CPU.getProcessCpuTime();
        long start = System.nanoTime();
        T out = part.get();
        if (counted) {
            parts.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {
                (CPU.getProcessCpuTime() - cpu) / 1e6, (System.nanoTime() - start) / 1e6});
        }
        return out;
    }

    private static List<Row> confusion(Dataset<Row> predictions) {
        return predictions.selectExpr("CAST(label AS DOUBLE) AS l", "CAST(prediction AS DOUBLE) AS p",
                "CAST(1 AS DOUBLE) AS w").groupBy("l", "p").agg(Map.of("w", "sum")).collectAsList();
    }

    private static Object save(PipelineModel model) {
        try {
            Path dir = Files.createTempDirectory("autolog-parts");
            model.write().save(dir.resolve("m").toUri().toString());
            return dir;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double projected(BinaryLogisticRegressionTrainingSummary summary) {
        Dataset<Row> projection = summary.predictions().select(
                functions.element_at(org.apache.spark.ml.functions.vector_to_array(
                        functions.col("probability"), "float64"), 2).as("s"),
                functions.col("label").cast("double").as("l"), functions.col("prediction").cast("double").as("p"),
                functions.lit(1.0).as("w")).persist();
        try {
            confusion(projection.selectExpr("l AS label", "p AS prediction"));
            var scored = projection.select("s", "l", "w").javaRDD()
                    .map(r -> new Tuple3<Object, Object, Object>(r.getDouble(0), r.getDouble(1), r.getDouble(2)));
            return new BinaryClassificationMetrics(scored.rdd(), 100).areaUnderROC();
        } finally {
            projection.unpersist();
        }
    }
}
