package dev.autolog.integration.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autolog.Autolog;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.config.AutologConfig;
import dev.autolog.run.Training;
import dev.autolog.run.TrackingEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.classification.ClassificationSummary;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.LogisticRegressionSummary;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassificationTrainingSummary;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.GeneralizedLinearRegression;
import org.apache.spark.ml.regression.GeneralizedLinearRegressionModel;
import org.apache.spark.ml.regression.GeneralizedLinearRegressionTrainingSummary;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real multiclass fit with weights (local[2]): the training summary's metrics logged are the values Spark computes
 * for the same data, and they cost the cluster one Spark job, whose confusion table the summary then keeps for the
 * user's own calls.
 */
class TrainingSummariesTest {
    private static SparkSession spark;
    private static final AtomicInteger JOBS = new AtomicInteger();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        TrackingEngine.install(AutologConfig.defaults().with("autolog.tracking.uri", dir.resolve("mlruns").toString()));
        spark = SparkSession.builder().master("local[2]").appName("autolog-summary-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                JOBS.incrementAndGet();
            }
        });
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aMulticlassWeightedSummaryLogsSparksValuesFromOneSparkJob() throws Exception {
        Dataset<Row> data = weightedThreeClasses(600);
        LogisticRegressionModel model = new LogisticRegression().setFamily("multinomial").setWeightCol("w")
                .setMaxIter(15).fit(data);
        Training training = Training.begin("spark", "test");

        int before = jobs();
        TrainingSummaries.log(training, model);
        int logged = jobs() - before;
        model.summary().accuracy();
        model.summary().weightedFMeasure();
        int userCalls = jobs() - before - logged;
        training.end(null);

        assertEquals(1, logged, "Spark jobs run to log the summary");
        assertEquals(0, userCalls, "Spark jobs of the user's own calls afterwards");
        LogisticRegressionSummary fresh = model.evaluate(data);
        Map<String, Double> expected = classificationMetrics(fresh);
        expected.put("training_totalIterations", (double) model.summary().totalIterations());
        Map<String, Double> actual = new TreeMap<>();
        Autolog.flush();
        Map<String, List<Metric>> metrics = new LocalStoreReader(dir.resolve("mlruns")).metrics(training.run().id());
        metrics.forEach((key, points) -> {
            if (!key.equals("objective_history")) {
                actual.put(key, points.get(0).value());
            }
        });
        assertEquals(expected, actual);
        assertEquals(model.summary().objectiveHistory().length, metrics.get("objective_history").size());
    }

    /** Spark's Tweedie family has no AIC: its summary throws for it, and answers every other metric. */
    @Test
    void aSummaryThatRefusesOneMetricLogsAllItsOthers() throws Exception {
        Dataset<Row> data = weightedThreeClasses(200).withColumn("label", functions.col("label").plus(0.5));
        GeneralizedLinearRegressionModel model = new GeneralizedLinearRegression().setFamily("tweedie")
                .setVariancePower(1.5).setLinkPower(0).setMaxIter(10).fit(data);
        GeneralizedLinearRegressionTrainingSummary summary = model.summary();

        Map<String, Double> expected = new TreeMap<>();
        expected.put("training_deviance", summary.deviance());
        expected.put("training_numIterations", (double) summary.numIterations());
        assertEquals(expected, loggedSummary(model));
        assertThrows(UnsupportedOperationException.class, summary::aic);
    }

    /** A forest's summary carries Spark's placeholder objective history {@code [0.0]}: it ran no iterations. */
    @Test
    void aForestLogsItsSummaryMetricsWithoutAnObjectiveHistory() throws Exception {
        Dataset<Row> data = weightedThreeClasses(200);
        RandomForestClassificationModel model = new RandomForestClassifier().setNumTrees(3).setSeed(1).fit(data);
        RandomForestClassificationTrainingSummary summary = model.summary();
        assertArrayEquals(new double[] {0.0}, summary.objectiveHistory());

        assertEquals(classificationMetrics(summary), loggedSummary(model));
    }

    /** The confusion-based metrics of a classification summary, as Spark reports them, under the logged names. */
    private static Map<String, Double> classificationMetrics(ClassificationSummary summary) {
        Map<String, Double> metrics = new TreeMap<>();
        metrics.put("training_accuracy", summary.accuracy());
        metrics.put("training_weightedPrecision", summary.weightedPrecision());
        metrics.put("training_weightedRecall", summary.weightedRecall());
        metrics.put("training_weightedFMeasure", summary.weightedFMeasure());
        metrics.put("training_weightedTruePositiveRate", summary.weightedTruePositiveRate());
        metrics.put("training_weightedFalsePositiveRate", summary.weightedFalsePositiveRate());
        return metrics;
    }

    /** Each metric the summary of {@code model} logged into a fresh training, by its first value. */
    private static Map<String, Double> loggedSummary(Object model) throws Exception {
        Training training = Training.begin("spark", "test");
        TrainingSummaries.log(training, model);
        training.end(null);
        Autolog.flush();
        Map<String, Double> logged = new TreeMap<>();
        new LocalStoreReader(dir.resolve("mlruns")).metrics(training.run().id())
                .forEach((key, points) -> logged.put(key, points.get(0).value()));
        return logged;
    }

    private static int jobs() throws TimeoutException {
        spark.sparkContext().listenerBus().waitUntilEmpty();
        return JOBS.get();
    }

    /** Three classes that overlap (so every metric is below 1), with weights from 0.5 to 3. */
    private static Dataset<Row> weightedThreeClasses(int n) {
        Random r = new Random(7);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(3);
            rows.add(RowFactory.create(Vectors.dense(label + r.nextGaussian(), r.nextGaussian()), (double) label,
                    0.5 + 2.5 * r.nextDouble()));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType).add("w", DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema);
    }
}
