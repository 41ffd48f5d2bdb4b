package dev.autolog.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.RunInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SynapseML LightGBM 0.11.4, a line the LightGBM hooks were not built for, on Spark 3.5.6 (local[2]): its fit is
 * tracked as any Spark estimator's, LightGBM's own additions are skipped with one warning, and the training is what
 * it is without the agent.
 */
class LightGbmSparkUnsupportedLineTest {
    private static final String FIXTURE = "dev.autolog.it.fixtures.LightGbmSparkTraining";

    @TempDir
    Path dir;

    @Test
    void anUnsupportedSynapseMlLineIsSkippedWithOneWarningWhileSparkStillTracksTheFitsParams() throws Exception {
        ForkedJvm.Result with = jvm().store(dir.resolve("mlruns")).run(FIXTURE, "classifier");
        ForkedJvm.Result without = jvm().withoutAgent().run(FIXTURE, "classifier");

        assertEquals(0, with.exitCode(), with::toString);
        assertTrue(with.stdout().contains("NATIVE classifier "), with::toString);
        assertEquals(without.stdout().lines().sorted().toList(), with.stdout().lines().sorted().toList());
        assertEquals(List.of("autolog: spark autologging of SynapseML LightGBM skipped: synapseml-lightgbm 0.11.4 is "
                + "not a supported version line (supported: 1.0.x); its fits are tracked as other Spark estimators' "
                + "are", StoreAssertions.CLEAN_SUMMARY), with.warnings());

        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        List<RunInfo> runs = StoreAssertions.runs(store);
        assertEquals(1, runs.size(), runs::toString);
        RunInfo run = runs.get(0);
        assertEquals(RunStatus.FINISHED, run.status());
        assertEquals("com.microsoft.azure.synapse.ml.lightgbm.LightGBMClassifier",
                store.tags(run.runId()).get("spark.estimator"));
        Map<String, String> params = store.params(run.runId());
        assertEquals("12", params.get("numIterations"));
        assertEquals("validation", params.get("validationIndicatorCol"));
        assertEquals(Map.of(), store.metrics(run.runId()));
        List<String> artifacts = store.artifacts(run.runId());
        assertTrue(artifacts.stream().anyMatch(a -> a.startsWith("model/sparkml/")), artifacts::toString);
        assertTrue(artifacts.stream().noneMatch(a -> a.contains("lightgbm_model") || a.contains("importance")),
                artifacts::toString);
    }

    private ForkedJvm jvm() {
        return ForkedJvm.withClassPathDir(SparkJvm.CLASSPATHS.resolve("synapseml-lightgbm-0.11.4")
                .resolve("target/classpath")).jvmArgs(SparkJvm.MODULE_OPTIONS).in(dir).timeout(300);
    }
}
