package dev.autolog.bench;

import com.microsoft.azure.synapse.ml.lightgbm.LightGBMClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * SynapseML LightGBM fit wall time in local[2], tracked versus untracked ({@link SparkFitTimer}), after 2 warm-up
 * pairs: a {@code LightGBMClassifier} with training and validation metrics (what autolog logs per iteration from
 * inside the training task, on the fit's critical path), then the time until Spark is idle (the model save and the
 * native model text run after the fit returned). Run on SynapseML's class path (bench/run-all.sh).
 */
public final class LightGbmFitBench {

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("autolog-bench")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        Dataset<Row> data = new VectorAssembler().setInputCols(new String[] {"a1", "a2", "a3"})
                .setOutputCol("features").transform(SparkPipelineBench.data(spark, rows)).withColumn("validation",
                        functions.rand(3).lt(0.2)).cache();
        data.count();
        LightGBMClassifier classifier = new LightGBMClassifier();
        classifier.setObjective("binary");
        classifier.setNumIterations(iterations);
        classifier.setNumLeaves(31);
        classifier.setMetric("binary_logloss,auc");
        classifier.setIsProvideTrainingMetric(true);
        classifier.setValidationIndicatorCol("validation");
        classifier.setVerbosity(-1);
        classifier.setSeed(11);
        SparkFitTimer timer = new SparkFitTimer(spark.sparkContext());
        timer.pairs(2, pairs, () -> classifier.fit(data));
        System.out.printf("lightgbm fit: %d pairs, %d rows, LightGBMClassifier(numIterations %d, train and validation "
                + "metrics), log.models=%s, %s%n", pairs, rows, iterations,
                System.getProperty("autolog.log.models", "true"), timer.summary());
        spark.stop();
    }
}
