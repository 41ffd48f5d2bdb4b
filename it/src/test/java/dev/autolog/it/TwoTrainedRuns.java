package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;

import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A store written by two real autologged XGBoost 3.0.4 trainings, made once per test JVM for the command-line and
 * UI tests: "plain" (max_depth 3, 10 rounds) first, then "early-stopping" (max_depth 6, stops early).
 */
final class TwoTrainedRuns {
    private static final String FIXTURE = "dev.autolog.it.fixtures.XGBoostTraining";
    private static TwoTrainedRuns instance;

    final Path dir;
    final Path store;
    final RunInfo plain;
    final RunInfo early;
    /** What XGBoost reported: {@code key step value} per point. */
    final List<String[]> plainTruth;
    final List<String[]> earlyTruth;

    private TwoTrainedRuns() throws Exception {
        dir = Files.createTempDirectory(ForkedJvm.TEST_CLASSES.getParent(), "two-runs-"); // under target/
        store = dir.resolve("mlruns");
        ForkedJvm.Result first = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(store).run(FIXTURE, "plain");
        assertNoAgentErrors(first);
        Thread.sleep(5); // distinct start times, so that newest-first is well defined
        ForkedJvm.Result second = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(store)
                .run(FIXTURE, "early-stopping");
        assertNoAgentErrors(second);
        plainTruth = first.lines("TRUTH");
        earlyTruth = second.lines("TRUTH");
        List<RunInfo> runs = new LocalStoreReader(store).runs("0");
        early = runs.get(0);
        plain = runs.get(1);
    }

    static synchronized TwoTrainedRuns get() throws Exception {
        if (instance == null) {
            instance = new TwoTrainedRuns();
        }
        return instance;
    }

    /** The value XGBoost reported for this key at its last step, and the lowest it reported. */
    static float[] finalAndBest(List<String[]> truth, String key) {
        float last = 0;
        float best = Float.POSITIVE_INFINITY;
        int lastStep = -1;
        for (String[] t : truth) {
            if (t[0].equals(key)) {
                float v = Float.parseFloat(t[2]);
                best = Math.min(best, v);
                if (Integer.parseInt(t[1]) > lastStep) {
                    lastStep = Integer.parseInt(t[1]);
                    last = v;
                }
            }
        }
        return new float[] {last, best};
    }
}
