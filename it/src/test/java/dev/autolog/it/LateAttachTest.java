package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertMetricsEqualTruth;
import static dev.autolog.it.StoreAssertions.runs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.RunInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agentmain}: attached to a running JVM whose XGBoost classes are already loaded. */
class LateAttachTest {
    @TempDir
    Path dir;

    @Test
    void agentAttachedAtRunTimeRetransformsLoadedClassesAndTracksTheNextTraining() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").withoutAgent().in(dir)
                .property("jdk.attach.allowAttachSelf", "true")
                .run("dev.autolog.it.fixtures.LateAttach", ForkedJvm.AGENT_JAR.toString(),
                        "debug=true,tracking.uri=" + dir.resolve("mlruns"));

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains(StoreAssertions.CLEAN_SUMMARY), result::toString);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        List<RunInfo> runs = runs(store);
        assertEquals(1, runs.size(), result::toString);
        assertEquals(RunStatus.FINISHED, runs.get(0).status());
        assertEquals(5, store.metrics(runs.get(0).runId()).get("train-logloss").size());
        assertMetricsEqualTruth(store.metrics(runs.get(0).runId()), result.lines("TRUTH"), "");
    }
}
