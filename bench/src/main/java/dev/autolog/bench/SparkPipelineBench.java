package dev.autolog.bench;

import dev.autolog.Autolog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * (e) Spark Pipeline fit wall time, tracked versus untracked, in one warm JVM started with the agent: the same fit
 * alternates between {@code Autolog.disable()} and {@code Autolog.enable()}, after warm-up fits of both kinds;
 * medians and their ratio. Tracking's own Spark jobs (training-summary metrics, saving the model) run after the fit
 * returned; each fit is followed by waiting until Spark is idle and the agent's after-fit threads wait for work, so
 * no fit is slowed by the previous one's, and the
 * time until idle is the second figure; the third is this JVM's CPU time until idle, which the other processes of a
 * shared machine do not distort. Run on Spark's class path (bench/run-all.sh).
 */
public final class SparkPipelineBench {
    private static final double IDLE_MS = 300;
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("autolog-bench")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        Dataset<Row> data = data(spark, rows).cache();
        data.count();
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"a1", "a2", "a3"}).setOutputCol("features"),
            new LogisticRegression().setMaxIter(20).setRegParam(0.01)});
        for (int i = 0; i < 3; i++) {
            fit(pipeline, data, false);
            fit(pipeline, data, true);
        }
        List<Double> untracked = new ArrayList<>();
        List<Double> tracked = new ArrayList<>();
        List<Double> trackedUntilIdle = new ArrayList<>();
        List<Double> untrackedCpu = new ArrayList<>();
        List<Double> trackedCpu = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            double[] u = fit(pipeline, data, false);
            untracked.add(u[0]);
            untrackedCpu.add(u[2]);
            double[] t = fit(pipeline, data, true);
            tracked.add(t[0]);
            trackedUntilIdle.add(t[1]);
            trackedCpu.add(t[2]);
        }
        Autolog.flush();
        double a = ChildJvm.median(untracked);
        double b = ChildJvm.median(tracked);
        double c = ChildJvm.median(trackedUntilIdle);
        System.out.printf("spark pipeline fit: %d pairs, %d rows, VectorAssembler + LogisticRegression(maxIter 20), "
                + "log.models=%s, median untracked %.1f ms, tracked %.1f ms, ratio %.2f; tracked until Spark is idle "
                + "%.1f ms, ratio %.2f; this JVM's CPU time until idle: untracked %.1f ms, tracked %.1f ms, ratio %.2f%n",
                pairs, rows, System.getProperty("autolog.log.models", "true"), a, b, b / a, c, c / a,
                ChildJvm.median(untrackedCpu), ChildJvm.median(trackedCpu),
                ChildJvm.median(trackedCpu) / ChildJvm.median(untrackedCpu));
        spark.stop();
    }

    /**
     * The fit's wall time, the time until Spark has run no job for {@link #IDLE_MS}, and the CPU time this JVM used
     * until then (all threads: on a shared machine it does not count the other processes' load), all in ms.
     */
    private static double[] fit(Pipeline pipeline, Dataset<Row> data, boolean tracked) {
        if (tracked) {
            Autolog.enable();
        } else {
            Autolog.disable();
        }
        long cpuStart = CPU.getProcessCpuTime();
        long start = System.nanoTime();
        pipeline.fit(data);
        double fit = (System.nanoTime() - start) / 1e6;
        long idleSince = System.nanoTime();
        while ((System.nanoTime() - idleSince) / 1e6 < IDLE_MS) {
            if (data.sparkSession().sparkContext().statusTracker().getActiveJobIds().length > 0 || afterFitBusy()) {
                idleSince = System.nanoTime();
            }
            sleep();
        }
        return new double[] {fit, (idleSince - start) / 1e6, (CPU.getProcessCpuTime() - cpuStart) / 1e6};
    }

    /**
     * True while a thread of the agent's after-fit pool is working (not waiting in the pool for work): on a loaded
     * machine it may start its Spark jobs later than {@link #IDLE_MS} after the fit, which would otherwise count
     * them into the next fit.
     */
    private static boolean afterFitBusy() {
        for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            if (t.getKey().getName().equals("autolog-spark-after-fit") && java.util.Arrays.stream(t.getValue())
                    .noneMatch(f -> f.getMethodName().equals("getTask"))) {
                return true;
            }
        }
        return false;
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Dataset<Row> data(SparkSession spark, int n) {
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
