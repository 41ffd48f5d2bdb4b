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

    /** The runs of a fixture that ended cleanly, asserting how many there are. */
    private List<RunInfo> runsOfCleanExit(ForkedJvm.Result result, int count) {
        assertNoAgentErrors(result);
        List<RunInfo> runs = runs(store());
        assertEquals(count, runs.size(), result::toString);
        return runs;
    }

    private LocalStoreReader store() {
        return new LocalStoreReader(dir.resolve("mlruns"));
    }

    @Test
    void everyKeyGivenIsStoredWithItsValueAndTheMappingsAreTheRenamedTag() throws Exception {
        ForkedJvm.Result result = run("odd-keys");

        assertNoAgentErrors(result);
        assertEquals("true", result.first("FLUSHED"));
        String runId = result.first("RUN_ID");
        Map<String, List<Metric>> metrics = store().metrics(runId);
        Map<String, String> params = store().params(runId);
        assertEquals(29, metrics.size(), metrics.keySet()::toString);
        assertEquals(29, params.size(), params::toString);
        List<Double> values = metrics.values().stream().map(points -> points.get(0).value()).sorted().toList();
        assertEquals(java.util.stream.IntStream.range(0, 29).mapToObj(i -> (double) i).toList(), values);
        for (Map.Entry<String, List<Metric>> e : metrics.entrySet()) {
            assertEquals("p" + (int) e.getValue().get(0).value(), params.get(e.getKey()), e.getKey());
        }
        for (String kept : List.of("plain", "f1_\u732b", "f1_\u72ac", "f1_\u9ce5", "train-logloss", " ")) {
            assertTrue(metrics.containsKey(kept), kept);
        }
        List<String> renamed = store().tags(runId).get("autolog.renamed").lines().toList();
        assertTrue(renamed.contains("f1(macro) \u2192 f1_macro_"), renamed::toString);
        // a tab becomes "_", which is the folder of "/abs" → "_/abs": the tab's key gets its hash suffix
        assertTrue(renamed.contains("\\u0009 \u2192 __2b4c342f"), renamed::toString);
        // "r\u00b2" and "r_" want one name: the first to reach the store gets it, the other a hash suffix
        boolean bothRenamed = renamed.contains("r\u00b2 \u2192 r_");
        assertEquals(bothRenamed ? 23 : 22, renamed.size(), renamed::toString);
        assertEquals(bothRenamed, renamed.stream().anyMatch(l -> l.matches("r_ \u2192 r__[0-9a-f]{8}")),
                renamed::toString);
    }

    @Test
    void aStoreDeletedDuringARunIsRecreatedReadableSaidOnceAndLaterValuesAreKept() throws Exception {
        ForkedJvm.Result result = run("store-vanishes", dir.resolve("mlruns").toString());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("true", "true"), result.lines("FLUSHED").stream().map(l -> l[0]).toList());
        List<String> said = result.warnings().stream().filter(w -> w.contains("vanished")).toList();
        assertEquals(1, said.size(), result::toString);
        assertTrue(said.get(0).contains("run vanishing (" + result.first("RUN_ID") + ")"), said.get(0));
        assertTrue(result.stderr().contains(StoreAssertions.CLEAN_SUMMARY), result::toString);
        RunInfo run = runs(store()).get(0);
        assertEquals("vanishing", run.runName());
        assertEquals(RunStatus.FINISHED, run.status());
        assertEquals(List.of(1L, 2L), store().metrics(run.runId()).get("loss").stream().map(Metric::step).toList());
        assertEquals("yes", store().params(run.runId()).get("after"));
        assertEquals("Default", store().experiments().get(0).name());
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
        List<RunInfo> runs = runsOfCleanExit(run("annotated"), 1);
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
    void badArgumentsAreOneLineEachAndNeverReachTheApplication() throws Exception {
        ForkedJvm.Result result = run("bad-arguments");

        assertNoAgentErrors(result);
        assertTrue(result.stdout().contains("DONE"), result::toString);
        assertEquals(List.of(
                "autolog: logParam(null, …): keys are non-empty names; the call is ignored (said once)",
                "autolog: logParam(\"p\", null): a value is needed; the call is ignored (said once)",
                "autolog: logMetric(null, …): keys are non-empty names; the call is ignored (said once)",
                "autolog: setTag(null, …): keys are non-empty names; the call is ignored (said once)",
                "autolog: setTag(\"t\", null): a value is needed; the call is ignored (said once)",
                "autolog: logArtifact(null): no file given; the call is ignored (said once)",
                "autolog: logArtifact(no-such-file.txt): no such file or directory; the call is ignored (said once)"),
                result.warnings().stream().filter(w -> w.contains("the call is ignored")).toList());
        RunInfo run = runs(store()).get(0);
        assertEquals(1, runs(store()).size(), result::toString);
        assertEquals(RunStatus.FINISHED, run.status());
        assertEquals(Map.of("good_param", "1", "array_param", "[1, 2]"), store().params(run.runId()));
        Map<String, List<Metric>> metrics = store().metrics(run.runId());
        assertEquals(Map.of("nan_metric", 1L, "good_metric", 2L),
                Map.of("nan_metric", metrics.get("nan_metric").get(0).step(),
                        "good_metric", metrics.get("good_metric").get(0).step()), metrics::toString);
        assertEquals(2, metrics.size(), metrics::toString);
        assertTrue(Double.isNaN(metrics.get("nan_metric").get(0).value()));
        assertEquals(0.5, metrics.get("good_metric").get(0).value());
        assertTrue(store().artifacts(run.runId()).isEmpty());
    }

    @Test
    void strayMetricIsARunOfItsOwnThatNoLaterTrainingJoins() throws Exception {
        List<RunInfo> runs = runsOfCleanExit(run("stray-metric"), 5);
        RunInfo stray = runs.get(0);
        assertEquals(RunStatus.FINISHED, stray.status());
        assertEquals(List.of("stray"), List.copyOf(store().metrics(stray.runId()).keySet()));
        assertEquals(1.5, store().metrics(stray.runId()).get("stray").get(0).value());
        assertEquals(Map.of(), store().params(stray.runId()));
        List<String> depths = new java.util.ArrayList<>();
        for (RunInfo training : runs.subList(1, 5)) {
            assertTrue(StoreAssertions.AUTO_NAME.matcher(training.runName()).matches(), training.runName());
            assertEquals(RunStatus.FINISHED, training.status());
            Map<String, String> params = store().params(training.runId());
            assertFalse(params.keySet().stream().anyMatch(k -> k.endsWith("-2")), params::toString);
            assertEquals(List.of("train-logloss"), List.copyOf(store().metrics(training.runId()).keySet()));
            depths.add(params.get("max_depth"));
        }
        assertEquals(List.of("2", "3", "4", "5"), depths.stream().sorted().toList());
    }

    @Test
    void loggingFromTheApplicationsShutdownHooksEndsItsRuns() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(dir.resolve("mlruns"))
                .jvmArgs(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED")).run(FIXTURE, "shutdown-hooks");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("true", result.first("JOINED"), result::toString);
        List<RunInfo> runs = runs(store());
        assertEquals(2, runs.size(), result::toString);
        Map<String, RunInfo> byMetric = new java.util.HashMap<>();
        for (RunInfo run : runs) {
            assertEquals(RunStatus.FINISHED, run.status(), run::toString);
            byMetric.put(String.join(",", store().metrics(run.runId()).keySet()), run);
        }
        assertEquals(1.0, store().metrics(byMetric.get("early").runId()).get("early").get(0).value());
        assertEquals(2.0, store().metrics(byMetric.get("late").runId()).get("late").get(0).value());
        assertEquals(Map.of("late_param", "x"), store().params(byMetric.get("late").runId()));
    }

    @Test
    void annotatedMethodsCalledAfterTheAgentsExitHookGetTheirMetricsAndTheirStatus() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(dir.resolve("mlruns"))
                .jvmArgs(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"))
                .run(FIXTURE, "annotated-after-exit-hook");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("true", result.first("JOINED"), result::toString);
        assertEquals("late", result.first("CAUGHT"), result::toString);
        Map<String, String> statusAndMetricsByName = new java.util.TreeMap<>();
        for (RunInfo run : runs(store())) {
            Map<String, List<Metric>> metrics = store().metrics(run.runId());
            statusAndMetricsByName.put(run.runName(), run.status() + " " + metrics.keySet() + " "
                    + metrics.values().stream().map(points -> points.get(0).value() + "@" + points.get(0).step())
                    .toList());
        }
        assertEquals(Map.of("late-run", "FINISHED [late] [3.0@3]", "late-failing-run", "FAILED [doomed] [4.0@4]"),
                statusAndMetricsByName, result::toString);
    }

    @Test
    void withoutTheAgentAFirstUseInTheApplicationsShutdownHooksIsWrittenAndEnded() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(dir.resolve("mlruns"))
                .withoutAgent().run(FIXTURE, "first-use-in-shutdown-hooks");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of(), result.warnings(), result::toString);
        assertEquals("true", result.first("FLUSHED"), result::toString);
        Map<String, RunInfo> byMetric = new java.util.HashMap<>();
        for (RunInfo run : runs(store())) {
            assertEquals(RunStatus.FINISHED, run.status(), run::toString);
            byMetric.put(String.join(",", store().metrics(run.runId()).keySet()), run);
        }
        assertEquals(java.util.Set.of("stray", "m"), byMetric.keySet(), result::toString);
        Metric stray = store().metrics(byMetric.get("stray").runId()).get("stray").get(0);
        Metric m = store().metrics(byMetric.get("m").runId()).get("m").get(0);
        assertEquals(List.of(1.0, 1L, 2.0, 2L), List.of(stray.value(), stray.step(), m.value(), m.step()));
        assertEquals("in-hook", byMetric.get("m").runName());
        assertEquals(Map.of("p", "x"), store().params(byMetric.get("m").runId()));
    }

    @Test
    void theExitHookWritesWhatIsQueuedToTheLocalStoreHoweverShortTheFlushTimeout() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(dir.resolve("mlruns"))
                .property("autolog.flush.timeout", "100ms").run(FIXTURE, "many-keys-at-exit");

        List<RunInfo> runs = runsOfCleanExit(result, 1);
        assertEquals(RunStatus.FINISHED, runs.get(0).status());
        assertEquals(20_000, store().metrics(runs.get(0).runId()).size());
    }

    /**
     * The engine is defined in the bootstrap loader from the agent jar's bytes: no temporary file is needed. With its
     * jar on the bootstrap class path instead ({@code autolog.agent.boot.class.path}), which needs a copy of it as a
     * file, the agent says what it gave up.
     */
    @Test
    void withoutAWritableTemporaryDirectoryTheAgentStillTracks() throws Exception {
        for (boolean appended : List.of(false, true)) {
            Path store = dir.resolve("mlruns-" + appended);
            ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(store)
                    .property("java.io.tmpdir", dir.resolve("no-such-dir").toString())
                    .property("autolog.agent.boot.class.path", Boolean.toString(appended))
                    .run(FIXTURE, "api-without-run");

            List<RunInfo> runs = runs(new LocalStoreReader(store));
            assertEquals(1, runs.size(), result::toString);
            assertEquals(0, result.exitCode(), result::toString);
            assertEquals(1.5, new LocalStoreReader(store).metrics(runs.get(0).runId()).get("loose").get(0).value());
            if (appended) {
                assertTrue(result.warnings().get(0).startsWith(
                        "autolog: cannot copy the engine to a temporary file ("), result::toString);
            } else {
                assertNoAgentErrors(result);
                assertTrue(result.warnings().stream().noneMatch(w -> w.contains("temporary")), result::toString);
            }
        }
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
