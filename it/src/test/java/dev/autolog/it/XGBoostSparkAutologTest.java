package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertMetricsEqualTruth;
import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.RunInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** xgboost4j-spark 3.0.4 on Spark 3.5.6 (local[2], two XGBoost workers in Spark tasks) with the real agent. */
class XGBoostSparkAutologTest {
    @TempDir
    Path dir;

    @Test
    void driverFitIsOneRunWithTheParamsTheFitSetPerRoundMetricsAndTheTasksXGBoostTrainingsMakeNoRuns() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withClassPathDir(
                SparkJvm.CLASSPATHS.resolve("xgboost-spark-3.0.4").resolve("target/classpath"))
                .jvmArgs(SparkJvm.MODULE_OPTIONS).in(dir).store(dir.resolve("mlruns"))
                .run("dev.autolog.it.fixtures.XGBoostSparkTraining");

        assertNoAgentErrors(result);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        List<RunInfo> runs = StoreAssertions.runs(store);
        assertEquals(1, runs.size(), result::toString);
        RunInfo run = runs.get(0);
        assertEquals(RunStatus.FINISHED, run.status());
        assertTrue(StoreAssertions.autoName("spark").matcher(run.runName()).matches(), run.runName());
        Map<String, String> tags = store.tags(run.runId());
        assertEquals("spark", tags.get("mlflow.autologging"));
        assertEquals("ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier", tags.get("spark.estimator"));
        Map<String, String> params = store.params(run.runId());
        assertEquals("5", params.get("numRound"));
        assertEquals("3", params.get("max_depth"));
        assertEquals("2", params.get("numWorkers"));
        assertEquals(null, params.get("eval_metric"), "not set: XGBoost evaluates its default, logloss");
        // what the fit set (not the regression default the classifier holds before it)
        assertEquals("binary:logistic", params.get("objective"));
        for (String[] p : result.lines("PARAM")) {
            assertEquals(p[1], params.get(p[0]), p[0]);
        }

        Map<String, List<Metric>> metrics = store.metrics(run.runId());
        assertEquals("logloss", result.first("METRIC"), "XGBoost's default for binary:logistic");
        assertEquals(List.of("eval-logloss", "train-logloss"), metrics.keySet().stream().sorted().toList());
        assertEquals(10, result.lines("TRUTH").size());
        assertMetricsEqualTruth(metrics, result.lines("TRUTH"), "");
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), metrics.get("train-logloss").stream().map(Metric::step).toList());
    }
}
