package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertMetricsEqualTruth;
import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static dev.autolog.it.StoreAssertions.runs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trainings inside runs the user started, with the API and with {@code @AutologRun}. */
class ManualRunsTest {
    private static final String FIXTURE = "dev.autolog.it.fixtures.ManualRuns";

    @TempDir
    Path dir;

    private ForkedJvm.Result run(String... args) throws Exception {
        return ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(dir.resolve("mlruns")).run(FIXTURE, args);
    }

    private LocalStoreReader store() {
        return new LocalStoreReader(dir.resolve("mlruns"));
    }

    @Test
    void twoTrainingsInsideAUserRunShareItWithoutOverwritingEachOther() throws Exception {
        Path notes = dir.resolve("notes.txt");
        ForkedJvm.Result result = run("start-run", notes.toString());

        assertNoAgentErrors(result);
        assertEquals("true", result.first("FLUSHED"));
        List<RunInfo> runs = runs(store());
        assertEquals(1, runs.size(), result::toString);
        RunInfo run = runs.get(0);
        assertEquals(result.first("RUN_ID"), run.runId());
        assertEquals("my-run", run.runName());
        assertEquals(RunStatus.FINISHED, run.status());

        Map<String, String> params = store().params(run.runId());
        assertEquals("3", params.get("max_depth"));
        assertEquals("4", params.get("max_depth-2"));
        assertEquals("binary:logistic", params.get("objective"));
        assertFalse(params.containsKey("objective-2"), "an unchanged param is not repeated");
        assertEquals("x", params.get("user_param"));

        Map<String, List<Metric>> metrics = store().metrics(run.runId());
        assertEquals(4, metrics.get("train-logloss").size());
        assertEquals(4, metrics.get("train-logloss-2").size());
        assertMetricsEqualTruth(metrics, result.lines("TRUTH"), "");
        assertEquals(List.of(new Metric("user_metric", 0.25, metrics.get("user_metric").get(0).timestampMillis(), 7)),
                metrics.get("user_metric"));

        assertEquals("ml", store().tags(run.runId()).get("team"));
        List<String> modelFiles = List.of("MLmodel", "conda.yaml", "model.ubj", "python_env.yaml", "requirements.txt");
        List<String> expected = new java.util.ArrayList<>(List.of("feature_importance_weight-2.json",
                "feature_importance_weight.json"));
        modelFiles.forEach(f -> expected.add("model-2/" + f));
        modelFiles.forEach(f -> expected.add("model/" + f));
        expected.add("notes.txt");
        assertEquals(expected, store().artifacts(run.runId()));
        for (String path : List.of("model", "model-2")) {
            Map<String, Object> mlmodel = MlflowModels.assertMlmodel(run, path, java.util.Set.of("signature"));
            boolean second = path.equals("model-2");
            Map<String, String> modelParams = new java.util.TreeMap<>(params);
            modelParams.keySet().removeIf(k -> k.endsWith("-2") || k.equals("user_param"));
            modelParams.put("max_depth", second ? "4" : "3");
            MlflowModels.assertLoggedModel(store(), run, (String) mlmodel.get("model_id"), path, 2, modelParams,
                    key -> second ? key.endsWith("-2") : key.startsWith("train-") && !key.endsWith("-2"));
        }
    }

    @Test
    void annotatedMethodIsOneNamedRunHoldingItsTraining() throws Exception {
        ForkedJvm.Result result = run("annotated");

        assertNoAgentErrors(result);
        List<RunInfo> runs = runs(store());
        assertEquals(1, runs.size(), result::toString);
        assertEquals("annotated-run", runs.get(0).runName());
        assertEquals(RunStatus.FINISHED, runs.get(0).status());
        assertEquals("3", store().params(runs.get(0).runId()).get("max_depth"));
        assertEquals(4, store().metrics(runs.get(0).runId()).get("train-logloss").size());
    }

    @Test
    void annotatedMethodWithoutNameGetsAGeneratedName() throws Exception {
        ForkedJvm.Result result = run("annotated-unnamed");

        assertNoAgentErrors(result);
        List<RunInfo> runs = runs(store());
        assertEquals(1, runs.size(), result::toString);
        assertTrue(Pattern.matches("run-\\d{4}(-\\d{2}){5}-[0-9a-f]{5}", runs.get(0).runName()), runs.get(0).runName());
    }

    @Test
    void annotatedMethodThatThrowsIsAFailedRunAndTheExceptionIsUnchanged() throws Exception {
        ForkedJvm.Result result = run("annotated-throws");

        assertNoAgentErrors(result);
        assertEquals("boom", result.first("CAUGHT"));
        RunInfo run = runs(store()).get(0);
        assertEquals("failing-run", run.runName());
        assertEquals(RunStatus.FAILED, run.status());
    }

    @Test
    void apiWithoutActiveRunStartsOneSoNothingIsLost() throws Exception {
        ForkedJvm.Result result = run("api-without-run");

        assertNoAgentErrors(result);
        RunInfo run = runs(store()).get(0);
        assertEquals(1.5, store().metrics(run.runId()).get("loose").get(0).value());
        assertEquals(RunStatus.FINISHED, run.status());
    }

    @Test
    void disableStopsAutologgingUntilEnabledAgain() throws Exception {
        ForkedJvm.Result result = run("disable");

        assertNoAgentErrors(result);
        List<RunInfo> runs = runs(store());
        assertEquals(1, runs.size(), result::toString);
        assertEquals("3", store().params(runs.get(0).runId()).get("max_depth"));
    }

    @Test
    void apiWorksWithoutTheAgentAsAPlainLibrary() throws Exception {
        Path notes = dir.resolve("notes.txt");
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(dir.resolve("mlruns"))
                .withoutAgent().run(FIXTURE, "start-run", notes.toString());

        assertEquals(0, result.exitCode(), result::toString);
        RunInfo run = runs(store()).get(0);
        assertEquals("my-run", run.runName());
        assertEquals("x", store().params(run.runId()).get("user_param"));
        assertFalse(store().metrics(run.runId()).containsKey("train-logloss"), "no autologging without the agent");
        assertTrue(Files.exists(run.dir().resolve("artifacts/notes.txt")));
    }
}
