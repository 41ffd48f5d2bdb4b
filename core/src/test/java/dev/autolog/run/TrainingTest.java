package dev.autolog.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.ActiveRun;
import dev.autolog.Autolog;
import dev.autolog.RunStatus;
import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.RunInfo;
import dev.autolog.config.AutologConfig;
import dev.autolog.dataset.DatasetDescription;
import dev.autolog.dataset.DatasetSpec;
import dev.autolog.logging.Diagnostics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine without the agent: trainings, user runs and the store they end up in. */
class TrainingTest {
    private static Path store;

    @BeforeAll
    static void engineWritesToATemporaryStore() throws Exception {
        store = Files.createTempDirectory("autolog-core-test").resolve("mlruns");
        TrackingEngine.install(AutologConfig.defaults().with("autolog.tracking.uri", store.toString())
                .with("autolog.run.tags", "team=core"));
    }

    private static RunInfo run(String id) {
        assertTrue(Autolog.flush());
        return new LocalStoreReader(store).run(id).orElseThrow();
    }

    /** A param logged again with another value is not stored: each such value counts in the exit summary. */
    @Test
    void aParamLoggedAgainWithAnotherValueCountsAsNotStored() {
        long before = Diagnostics.valuesNotStored();
        String id;
        try (ActiveRun r = Autolog.startRun("params-twice")) {
            id = r.runId();
            Autolog.logParam("k", "one");
            Autolog.logParam("k", "two");
            Autolog.logParam("k", "one");
            Autolog.logParam("k", "three");
        }
        assertEquals(Map.of("k", "one"), new LocalStoreReader(store).params(run(id).runId()));
        assertEquals(before + 2, Diagnostics.valuesNotStored());
    }

    @Test
    void outermostTrainingCreatesAndEndsANamedRunAndNestedCallsJoinIt() {
        Training outer = Training.begin("xgboost", "3.0.4");
        Training inner = Training.begin("tribuo", "4.3.2");
        assertFalse(inner.isActive());
        assertSame(outer, Training.current());
        outer.param("max_depth", 3);
        outer.metric("train-logloss", 0.5, 0);
        inner.end(null);
        outer.end(null);
        assertNull(Training.current());

        RunInfo info = run(outer.run().id());
        assertTrue(info.runName().matches("xgboost-\\d{4}(-\\d{2}){5}-[0-9a-f]{5}"), info.runName());
        assertEquals(RunStatus.FINISHED, info.status());
        LocalStoreReader reader = new LocalStoreReader(store);
        assertEquals(Map.of("max_depth", "3"), reader.params(info.runId()));
        Map<String, String> tags = reader.tags(info.runId());
        assertEquals("xgboost", tags.get("mlflow.autologging"));
        assertEquals("3.0.4", tags.get("autolog.framework.version"));
        assertEquals("core", tags.get("team"));
    }

    @Test
    void datasetsOfATrainingBecomeItsRunsInputsAndADescriptionThatFailsLeavesTheOthers() {
        Training t = Training.begin("xgboost", "3.0.4");
        t.datasets(List.of(
                DatasetSpec.of("train", "training", () -> DatasetDescription.inMemory().profile("num_rows", 5)),
                DatasetSpec.of("broken", "eval", () -> {
                    throw new IllegalStateException("disposed");
                }),
                DatasetSpec.of("test", "test", () -> DatasetDescription.file("/data/test.csv").profile("num_rows", 2))));
        t.end(null);

        run(t.run().id());
        List<DatasetInput> inputs = new LocalStoreReader(store).inputs(t.run().id());
        assertEquals(List.of("test", "train"), inputs.stream().map(DatasetInput::name).toList());
        assertEquals(List.of("test", "training"), inputs.stream().map(DatasetInput::context).toList());
        assertEquals("{\"uri\": \"/data/test.csv\"}", inputs.get(0).source());
        String inMemory = inputs.get(1).source();
        assertTrue(inMemory.startsWith("{\"tags\": {\"mlflow.user\": \"" + System.getProperty("user.name")
                + "\", \"mlflow.source.name\": "), inMemory);
    }

    @Test
    void aDatasetIsDescribedAndHashedOnTheWriterThreadNeverOnTheTrainingThread() {
        AtomicReference<Thread> describedOn = new AtomicReference<>();
        Training t = Training.begin("smile", "4.4.2");
        t.datasets(List.of(DatasetSpec.of("train", "training", () -> {
            describedOn.set(Thread.currentThread());
            return DatasetDescription.inMemory().profile("num_rows", 5).digestOf("rows");
        })));
        t.end(null);

        run(t.run().id());
        assertEquals(1, new LocalStoreReader(store).inputs(t.run().id()).size());
        assertEquals("autolog-writer", describedOn.get().getName());
    }

    /**
     * Every integration's datasets (training, evaluation, tuning children) reach the store through
     * {@link Run#logInputs} only, so switching them off there switches them off for every framework. A second engine
     * of this JVM (the engine is one per JVM; its constructor is private) with datasets off writes into its own store.
     */
    @Test
    void withDatasetsSwitchedOffNoDatasetIsDescribedOrStoredWhateverLogsIt() throws Exception {
        Path off = Files.createTempDirectory("autolog-datasets-off").resolve("mlruns");
        java.lang.reflect.Constructor<TrackingEngine> separate = TrackingEngine.class
                .getDeclaredConstructor(AutologConfig.class);
        separate.setAccessible(true);
        TrackingEngine engine = separate.newInstance(AutologConfig.defaults()
                .with("autolog.tracking.uri", off.toString()).with("autolog.log.datasets", "false"));
        AtomicInteger described = new AtomicInteger();
        Run run = engine.startUserRun("datasets-off");
        run.logInputs(List.of(DatasetSpec.of("train", "training", () -> {
            described.incrementAndGet();
            return DatasetDescription.inMemory().profile("num_rows", 5);
        })));
        run.logParam("max_depth", "3");
        run.end(RunStatus.FINISHED);

        assertTrue(engine.flush(java.time.Duration.ofSeconds(30)));
        LocalStoreReader reader = new LocalStoreReader(off);
        assertEquals(Map.of("max_depth", "3"), reader.params(run.id()), "the run itself is written");
        assertEquals(List.of(), reader.inputs(run.id()));
        assertFalse(Files.exists(reader.run(run.id()).orElseThrow().dir().getParent().resolve("datasets")));
        assertEquals(0, described.get(), "nothing was described, sampled or hashed");
    }

    @Test
    void trainingThatThrowsFailsItsRun() {
        Training t = Training.begin("smile", "2.6.0");
        t.end(new IllegalStateException("x"));

        assertEquals(RunStatus.FAILED, run(t.run().id()).status());
    }

    @Test
    void secondTrainingInAUserRunSuffixesMetricsArtifactsAndChangedParams() {
        String id;
        try (ActiveRun user = Autolog.startRun("user")) {
            id = user.runId();
            for (int depth = 3; depth <= 4; depth++) {
                Training t = Training.begin("xgboost", "3.0.4");
                t.param("max_depth", depth);
                t.param("objective", "binary:logistic");
                t.metric("loss", depth, 0);
                t.artifact("model/model.json", new byte[] {1});
                t.artifact("importance.json", new byte[] {2});
                t.end(null);
            }
            assertFalse(user.isEnded(), "autologging never ends a user's run");
        }
        LocalStoreReader reader = new LocalStoreReader(store);
        assertEquals(RunStatus.FINISHED, run(id).status());
        assertEquals(Map.of("max_depth", "3", "max_depth-2", "4", "objective", "binary:logistic"), reader.params(id));
        assertEquals(List.of("loss", "loss-2"), reader.metrics(id).keySet().stream().sorted().toList());
        assertEquals(List.of("importance-2.json", "importance.json", "model-2/model.json", "model/model.json"),
                reader.artifacts(id));
    }

    /** Arrays, from the API or a framework's params, are written by their elements, never as {@code [I@1b2c3d}. */
    @Test
    void arrayParamsAreWrittenByTheirElementsAndOtherValuesByTheirOwnText() {
        String id;
        try (ActiveRun user = Autolog.startRun("array-params")) {
            id = user.runId();
            Autolog.logParam("ints", new int[] {1, 2});
            user.logParam("names", new String[] {"a", "b c"});
            Autolog.logParam("empty", new long[0]);
            Training t = Training.begin("xgboost", "3.0.4");
            t.param("weights", new double[] {0.5, 2.0});
            t.param("nested", new Object[] {new float[] {1.5f}, new String[] {"x"}, null});
            t.param("grid", new int[][] {{1, 2}, {3}});
            t.param("list", List.of("p", "q"));
            t.param("map", Map.of("k", 1));
            t.end(null);
        }
        assertEquals(Map.of("ints", "[1, 2]", "names", "[a, b c]", "empty", "[]", "weights", "[0.5, 2.0]",
                "nested", "[[1.5], [x], null]", "grid", "[[1, 2], [3]]", "list", "[p, q]", "map", "{k=1}"),
                new LocalStoreReader(store).params(run(id).runId()));
    }

    @Test
    void whitespaceKeysAreStoredUnderKeysMlflowAcceptsAndOnlyNullOrEmptyKeysAreRefused() {
        String id;
        try (ActiveRun user = Autolog.startRun("whitespace-keys")) {
            id = user.runId();
            Autolog.logMetric(" ", 1);
            Autolog.logMetric("\t", 2);
            Autolog.logMetric("", 3);
            Autolog.logParam(" ", "space");
            Autolog.logParam("\t", "tab");
            Autolog.setTag(" ", "spaced");
            Autolog.setTag("\t", "tabbed");
        }
        run(id);
        LocalStoreReader reader = new LocalStoreReader(store);
        Map<String, Double> metrics = new java.util.TreeMap<>();
        reader.metrics(id).forEach((key, points) -> metrics.put(key, points.get(0).value()));
        assertEquals(Map.of(" ", 1.0, "_", 2.0), metrics);
        assertEquals(Map.of(" ", "space", "_", "tab"), reader.params(id));
        Map<String, String> tags = reader.tags(id);
        assertEquals("spaced", tags.get(" "));
        assertEquals("tabbed", tags.get("_"));
        assertEquals("\\u0009 \u2192 _", tags.get("autolog.renamed"));
    }

    @Test
    void runStartedInsideAnotherIsItsChild() {
        try (ActiveRun parent = Autolog.startRun("parent"); ActiveRun child = Autolog.startRun("child")) {
            assertEquals(child.runId(), Autolog.activeRun().orElseThrow().runId());
            child.close();
            assertEquals(parent.runId(), Autolog.activeRun().orElseThrow().runId());
            assertEquals(parent.runId(), new LocalStoreReader(store).tags(run(child.runId()).runId())
                    .get("mlflow.parentRunId"));
        }
        assertTrue(Autolog.activeRun().isEmpty());
    }

    @Test
    void disabledAutologgingStartsNoRunButStillCountsNesting() {
        Autolog.disable();
        try {
            Training t = Training.begin("xgboost", "3.0.4");
            assertFalse(t.isActive());
            t.end(null);
        } finally {
            Autolog.enable();
        }
        Training after = Training.begin("xgboost", "3.0.4");
        assertTrue(after.isActive(), "depth is back to 0");
        after.end(null);
    }

    @Test
    void aModelEvaluatedAfterItsTrainingReturnedLogsIntoThatTrainingsRun() throws Exception {
        Object firstModel = new Object();
        Object secondModel = new Object();
        try (ActiveRun user = Autolog.startRun("two-models")) {
            for (Object model : List.of(firstModel, secondModel)) {
                Training t = Training.begin("spark", "3.5.3");
                ModelRuns.remember(model, t);
                t.end(null);
            }
        }
        assertFalse(Training.underway());
        Thread evaluator = new Thread(() -> {
            ModelRuns.of(firstModel).metric("areaUnderROC", 0.75, 0);
            ModelRuns.of(secondModel).metric("areaUnderROC", 0.5, 0);
        });
        evaluator.start();
        evaluator.join();

        String runId = ModelRuns.of(firstModel).run().id();
        assertEquals(RunStatus.FINISHED, run(runId).status());
        var metrics = new LocalStoreReader(store).metrics(runId);
        assertEquals(0.75, metrics.get("areaUnderROC").get(0).value());
        assertEquals(0.5, metrics.get("areaUnderROC-2").get(0).value());
        assertNull(ModelRuns.of(new Object()));
    }

    @Test
    void underwayCountsNestedTrainingsOnThisThreadOnly() {
        assertFalse(Training.underway());
        Training outer = Training.begin("tribuo", "4.3.2");
        assertTrue(Training.underway());
        outer.end(null);
        assertFalse(Training.underway());
    }

    @Test
    void aLastingTrainingLeavesItsRunOpenAndTheNextOneOfTheModelContinuesIt() {
        Training first = Training.beginLasting("dl4j", "1.0.0-M2.1", null);
        first.metric("score", 0.9, 0);
        first.end(null);
        assertFalse(Training.underway());
        assertFalse(first.runEnded());

        Training second = Training.beginLasting("dl4j", "1.0.0-M2.1", first);
        assertSame(first.run(), second.run());
        Training nested = Training.beginLasting("dl4j", "1.0.0-M2.1", second);
        assertFalse(nested.isActive());
        nested.end(null);
        second.metric("score", 0.7, 1);
        second.end(null);
        second.endRun(RunStatus.FINISHED);
        assertTrue(first.runEnded());

        Training third = Training.beginLasting("dl4j", "1.0.0-M2.1", second);
        assertFalse(third.run() == second.run());
        third.end(null);
        third.endRun(RunStatus.FAILED);

        RunInfo info = run(first.run().id());
        assertEquals(RunStatus.FINISHED, info.status());
        var scores = new LocalStoreReader(store).metrics(info.runId()).get("score");
        assertEquals(List.of(0L, 1L), scores.stream().map(m -> m.step()).toList());
        assertEquals(RunStatus.FAILED, run(third.run().id()).status());
    }

    @Test
    void aLastingTrainingInsideAUserRunLogsThereWithOneSuffixAndNeverEndsIt() {
        try (ActiveRun user = Autolog.startRun("lasting-in-user-run")) {
            Training.begin("xgboost", "3.0.4").end(null);
            Training first = Training.beginLasting("dl4j", "1.0.0-M2.1", null);
            first.end(null);
            Training again = Training.beginLasting("dl4j", "1.0.0-M2.1", first);
            again.metric("score", 0.5, 4);
            again.end(null);
            again.endRun(RunStatus.FINISHED);
            assertFalse(again.runEnded());
            assertEquals(user.runId(), again.run().id());
            assertTrue(Autolog.flush());
            assertEquals(0.5, new LocalStoreReader(store).metrics(user.runId()).get("score-2").get(0).value());
        }
    }
}
