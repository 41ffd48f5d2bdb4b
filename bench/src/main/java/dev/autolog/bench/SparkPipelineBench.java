package dev.autolog.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * (e) Spark Pipeline fit wall time, tracked versus untracked ({@link SparkFitTimer}), after 3 warm-up pairs
 * ({@code -Dbench.warmup=n} for another number): medians and their ratio. Tracking's own Spark jobs (training-summary
 * metrics, saving the model) run after the fit returned: the time until idle is the second figure. Run on Spark's
 * class path (bench/run-all.sh).
 */
public final class SparkPipelineBench {

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        SparkSession spark = session();
        Dataset<Row> data = data(spark, rows).cache();
        data.count();
        Pipeline pipeline = pipeline();
        SparkFitTimer timer = new SparkFitTimer(spark.sparkContext());
        timer.pairs(Integer.getInteger("bench.warmup", 3), pairs, () -> pipeline.fit(data));
        System.out.printf("spark pipeline fit: %d pairs, %d rows, VectorAssembler + LogisticRegression(maxIter 20), "
                + "log.models=%s, %s%n", pairs, rows, System.getProperty("autolog.log.models", "true"),
                timer.summary());
        spark.stop();
    }

    static SparkSession session() {
        return SparkSession.builder().master("local[2]").appName("autolog-bench")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    static Pipeline pipeline() {
        return new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"a1", "a2", "a3"}).setOutputCol("features"),
            new LogisticRegression().setMaxIter(20).setRegParam(0.01)});
    }

    /** {@code n} rows of three Gaussian features {@code a1..a3} and a binary {@code label} that depends on two. */
    static Dataset<Row> data(SparkSession spark, int n) {
        Random r = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a1 = r.nextGaussian();
            double a2 = r.nextGaussian();
            double a3 = r.nextGaussian();
            rows.add(RowFactory.create(a1, a2, a3, (a1 - a2 + 0.5 * r.nextGaussian() > 0) ? 1.0 : 0.0));
        }
        StructType schema = new StructType().add("a1", DataTypes.DoubleType).add("a2", DataTypes.DoubleType)
                .add("a3", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema);
    }
}
