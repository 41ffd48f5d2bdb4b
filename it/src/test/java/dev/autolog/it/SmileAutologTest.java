package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static dev.autolog.it.StoreAssertions.runs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.RunInfo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real Smile training in a JVM with the real agent, on every supported line: 2.6.0 and 3.1.1 on the JDK the build
 * runs on, 4.4.2 and 6.3.0 on JDK 25 (Smile 4 needs 21, Smile 5+ needs 25). The fixture is compiled per line at
 * test time, against that line's jars, by that line's JDK.
 */
class SmileAutologTest {
    private static final Path SOURCES = Path.of(System.getProperty("autolog.smile.fixture"));
    private static final Path COMPILED = ForkedJvm.FRAMEWORKS.resolveSibling("smile-fixtures");
    private static final Map<String, Path> FIXTURES = new ConcurrentHashMap<>();
    private static final String MAIN = "smilefixture.SmileTraining";
    /** Smile's {@code DataType.ID} names (6.x says {@code Int}) as MLflow column types (research §3.3). */
    private static final Map<String, String> MLFLOW_TYPES = Map.of("Integer", "integer", "Int", "integer",
            "Long", "long", "Double", "double", "Float", "float", "Boolean", "boolean", "String", "string");

    @TempDir
    Path dir;

    private static boolean needsJdk25(String version) {
        return !version.startsWith("2.") && !version.startsWith("3.") && !version.startsWith("1.");
    }

    private static Path jdk(String version) {
        if (!needsJdk25(version)) {
            return Path.of(System.getProperty("java.home"));
        }
        return Jdks.find(25).orElseThrow(() -> new AssertionError(
                "Smile " + version + " needs JDK 25: none under /usr/lib/jvm and JAVA25_HOME is not set"));
    }

    /** The source sets of a line: the common fixture plus that line's {@code Line} (and 6.x's facade). */
    private static List<String> sourceSets(String version) {
        if (version.startsWith("1.")) {
            return List.of("v1");
        }
        if (!needsJdk25(version)) {
            return List.of("common", "v2");
        }
        return version.startsWith("4.") ? List.of("common", "v4") : List.of("common", "v4", "v6");
    }

    private static synchronized Path fixture(String version) throws Exception {
        Path compiled = FIXTURES.get(version);
        if (compiled != null) {
            return compiled;
        }
        compiled = COMPILED.resolve(version);
        List<String> cmd = new ArrayList<>(List.of(jdk(version).resolve("bin/javac").toString(), "-nowarn",
                "-d", compiled.toString(), "-cp", ForkedJvm.FRAMEWORKS.resolve("smile-" + version) + File.separator + "*"));
        for (String set : sourceSets(version)) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(set))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> cmd.add(f.toString()));
            }
        }
        Process javac = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(javac.getInputStream().readAllBytes());
        assertEquals(0, javac.waitFor(), () -> "javac failed for Smile " + version + ":\n" + output);
        FIXTURES.put(version, compiled);
        return compiled;
    }

    private ForkedJvm jvm(String version) throws Exception {
        return ForkedJvm.withFramework("smile-" + version).classPath(fixture(version).toString())
                .javaHome(jdk(version)).in(dir).store(dir.resolve("mlruns"));
    }

    private ForkedJvm.Result train(String version, String mode) throws Exception {
        return jvm(version).run(MAIN, mode);
    }

    private LocalStoreReader store() {
        return new LocalStoreReader(dir.resolve("mlruns"));
    }

    private RunInfo onlyRun(ForkedJvm.Result result, RunStatus status) {
        List<RunInfo> runs = runs(store());
        assertEquals(1, runs.size(), result::toString);
        RunInfo run = runs.get(0);
        assertTrue(StoreAssertions.autoName("smile").matcher(run.runName()).matches(), run.runName());
        assertEquals(status, run.status());
        return run;
    }

    private record Trained(ForkedJvm.Result result, RunInfo run, Map<String, String> params,
                           Map<String, List<Metric>> metrics) {
        /** Each key's series in the run is exactly the fixture's TRUTH lines of that key. */
        void assertSeriesAsTruth(String... keys) {
            for (String key : keys) {
                assertEquals(truth(result, key), series(metrics, key), key);
            }
        }
    }

    /** Trains in a JVM with the agent; exactly one FINISHED auto-named run, and no agent errors. */
    private Trained trainOne(String version, String mode) throws Exception {
        return trainOne(version, mode, false);
    }

    private Trained trainOne(String version, String mode, boolean inputExamples) throws Exception {
        ForkedJvm.Result result = jvm(version).property("autolog.log.input.examples", String.valueOf(inputExamples))
                .run(MAIN, mode);
        assertNoAgentErrors(result);
        RunInfo run = onlyRun(result, RunStatus.FINISHED);
        return new Trained(result, run, store().params(run.runId()), store().metrics(run.runId()));
    }

    /** The run's points of {@code key} as {@code step=value}, in step order. */
    private static List<String> series(Map<String, List<Metric>> metrics, String key) {
        return metrics.getOrDefault(key, List.of()).stream().sorted(Comparator.comparingLong(Metric::step))
                .map(m -> m.step() + "=" + m.value()).toList();
    }

    /** The fixture's {@code TRUTH key step value} lines of {@code key} as {@code step=value}, in step order. */
    private static List<String> truth(ForkedJvm.Result result, String key) {
        return result.lines("TRUTH").stream().filter(t -> t[0].equals(key))
                .sorted(Comparator.comparingLong(t -> Long.parseLong(t[1])))
                .map(t -> t[1] + "=" + Double.parseDouble(t[2])).toList();
    }

    private static void assertParamsAsPrinted(ForkedJvm.Result result, Map<String, String> params) {
        List<String[]> printed = result.lines("PARAM");
        assertTrue(!printed.isEmpty(), result::toString);
        for (String[] p : printed) {
            assertEquals(p[1], params.get(p[0]), p[0] + " in " + params);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.6.0", "3.1.1", "4.4.2", "6.3.0"})
    void randomForestIsOneRunWithItsHyperparametersOutOfBagMetricsPerTreeAndModel(String version) throws Exception {
        Trained t = trainOne(version, "forest", true);
        ForkedJvm.Result result = t.result();
        RunInfo run = t.run();
        assertParamsAsPrinted(result, t.params());
        assertEquals("smile.classification.RandomForest", t.params().get("algorithm_class"));
        assertEquals("300", t.params().get("dataset.num_examples"));
        assertEquals("5", t.params().get("dataset.num_columns"));
        List<DatasetInput> inputs = store().inputs(run.runId());
        assertEquals(List.of("train|training|code"), inputs.stream()
                .map(in -> in.name() + "|" + in.context() + "|" + in.sourceType()).toList());
        assertEquals("{\"num_rows\": 300, \"num_columns\": 5, \"formula\": \"" + t.params().get("formula") + "\"}",
                inputs.get(0).profile());
        assertTrue(inputs.get(0).schema().matches("\\{\"mlflow_colspec\": \\[(\\{\"type\": \"[a-z]+\", \"name\": \"[^\"]+\"\\}(, )?){5}]}"),
                inputs.get(0).schema());

        assertEquals(20, truth(result, "tree_oob_accuracy").size(), result::toString);
        t.assertSeriesAsTruth("oob_accuracy", "tree_oob_accuracy");

        Map<String, String> tags = store().tags(run.runId());
        assertEquals("smile", tags.get("mlflow.autologging"));
        assertEquals(version, tags.get("autolog.framework.version"));
        assertTrue(store().artifacts(run.runId()).contains("model/model.ser"), store().artifacts(run.runId())::toString);
        Map<String, Object> mlmodel = MlflowModels.assertMlmodel(run, "model",
                java.util.Set.of("signature", "saved_input_example_info"));
        assertEquals(Map.of("smile", Map.of("data", "model.ser", "smile_version", version, "model_class",
                "smile.classification.RandomForest", "loader", "java.io.ObjectInputStream#readObject")),
                mlmodel.get("flavors"));
        // the predictors the formula takes from the training frame, in its order, typed as Smile types them
        List<String> schema = schema(result);
        assertEquals(List.of("x1:integer", "x2:integer", "x3:integer", "x4:integer"), schema);
        MlflowModels.assertColumnSignature(mlmodel, schema, List.of(result.first("RESPONSE") + ":integer"));
        MlflowModels.assertInputExample(run.dir().resolve("artifacts/model"), mlmodel, List.of("x1", "x2", "x3", "x4"),
                result.lines("EXAMPLE").stream().map(r -> Stream.of(r).map(Integer::valueOf).toList()).toList());
        MlflowModels.assertLoggedModel(store(), run, (String) mlmodel.get("model_id"), "model", 2, t.params());
        ForkedJvm.Result loaded = jvm(version).withoutAgent()
                .run(MAIN, "load", run.dir().resolve("artifacts/model/model.ser").toString());
        assertEquals(10, result.lines("PREDICT").size(), result::toString);
        assertEquals(result.stdout().lines().filter(l -> l.startsWith("PREDICT")).toList(),
                loaded.stdout().lines().filter(l -> l.startsWith("PREDICT")).toList(), loaded::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.6.0", "4.4.2"})
    void propertiesAndTheHyperparametersTheyResolveToAreBothLogged(String version) throws Exception {
        Trained t = trainOne(version, "logistic", true);
        assertParamsAsPrinted(t.result(), t.params());
        assertEquals("0.1", t.params().get("lambda"), t.params()::toString);
        assertEquals("smile.classification.LogisticRegression", t.params().get("algorithm_class"));
        assertEquals("4", t.params().get("dataset.num_features"));
        List<DatasetInput> inputs = store().inputs(t.run().runId());
        assertEquals(1, inputs.size(), inputs::toString);
        assertEquals("{\"features_shape\": [" + t.params().get("dataset.num_examples") + ", 4]}", inputs.get(0).profile());
        assertEquals("{\"mlflow_tensorspec\": {\"features\": \"[{\\\"type\\\": \\\"tensor\\\", \\\"tensor-spec\\\": "
                + "{\\\"dtype\\\": \\\"float64\\\", \\\"shape\\\": [-1, 4]}}]\", \"targets\": null}}", inputs.get(0).schema());
        t.assertSeriesAsTruth("log_likelihood", "aic");
        // trained on a double[][]: a float64 tensor as wide as its rows in, the int class labels out
        Map<String, Object> mlmodel = MlflowModels.assertMlmodel(t.run(), "model",
                java.util.Set.of("signature", "saved_input_example_info"));
        int width = Integer.parseInt(t.result().first("WIDTH"));
        assertEquals(List.of(Map.of("type", "tensor", "tensor-spec", Map.of("dtype", "float64", "shape",
                List.of(-1, width)))), MlflowModels.signaturePart(mlmodel, "inputs"));
        assertEquals(List.of(Map.of("type", "tensor", "tensor-spec", Map.of("dtype", "int32", "shape", List.of(-1)))),
                MlflowModels.signaturePart(mlmodel, "outputs"));
        MlflowModels.assertInputExample(t.run().dir().resolve("artifacts/model"), mlmodel, null,
                t.result().lines("EXAMPLE").stream().map(r -> Stream.of(r).map(Double::valueOf).toList()).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.1.1", "6.3.0"})
    void validationMetricsGoIntoTheRunOfTheModelValidated(String version) throws Exception {
        Trained t = trainOne(version, "validation");
        assertEquals("200", t.params().get("dataset.num_examples"));
        t.assertSeriesAsTruth("accuracy");
        List<DatasetInput> inputs = store().inputs(t.run().runId());
        assertEquals(List.of("train|training", "validation|validation"), inputs.stream()
                .map(in -> in.name() + "|" + in.context()).toList(), inputs::toString);
        assertNotEquals(inputs.get(0).digest(), inputs.get(1).digest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.6.0", "4.4.2"})
    void crossValidationIsOneRunWithEachFoldAndSmilesMeanAndDeviation(String version) throws Exception {
        Trained t = trainOne(version, "cv");
        assertEquals("3", t.params().get("cv.k"), t.params()::toString);
        assertEquals("3", t.params().get("cv.num_folds"));
        assertEquals("smile.classification.LogisticRegression", t.params().get("algorithm_class"));
        assertEquals(3, truth(t.result(), "accuracy").size(), t.result()::toString);
        t.assertSeriesAsTruth("accuracy", "accuracy_mean", "accuracy_std");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.1.1", "6.3.0"})
    void clusteringLogsItsParametersAndDistortion(String version) throws Exception {
        Trained t = trainOne(version, "kmeans");
        assertEquals("3", t.params().get("k"));
        t.assertSeriesAsTruth("distortion");
    }

    @Test
    void theLiveLossStreamIsLoggedBesideTheUsersOwnListener() throws Exception {
        Trained t = trainOne("4.4.2", "gbt");
        assertParamsAsPrinted(t.result(), t.params());
        assertEquals(10, truth(t.result(), "loss").size(), t.result()::toString);
        t.assertSeriesAsTruth("loss");
    }

    @Test
    void theFacadeIsOneRunWithTheAlgorithmItChoseAndItsTestMetrics() throws Exception {
        Trained t = trainOne("6.3.0", "facade");
        assertParamsAsPrinted(t.result(), t.params());
        assertEquals("smile.classification.RandomForest", t.params().get("algorithm_class"));
        t.assertSeriesAsTruth("test_accuracy");
        Map<String, Object> mlmodel = MlflowModels.assertMlmodel(t.run(), "model", java.util.Set.of("signature"));
        assertEquals("smile.model.ClassificationModel",
                ((Map<?, ?>) ((Map<?, ?>) mlmodel.get("flavors")).get("smile")).get("model_class"));
        MlflowModels.assertColumnSignature(mlmodel, schema(t.result()), List.of(t.result().first("RESPONSE")
                + ":integer"));
    }

    /** The fixture's {@code SCHEMA name type-id} lines as MLflow columns. */
    private static List<String> schema(ForkedJvm.Result result) {
        return result.lines("SCHEMA").stream().map(f -> f[0] + ":" + MLFLOW_TYPES.get(f[1])).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.1.1", "6.3.0"})
    void fitsOnSeveralThreadsAtOnceAreOneRunEachNeverMixed(String version) throws Exception {
        ForkedJvm.Result result = train(version, "threads");

        assertNoAgentErrors(result);
        List<RunInfo> runs = runs(store());
        assertEquals(3, runs.size(), result::toString);
        Map<String, String> expected = new java.util.TreeMap<>();
        result.lines("THREAD").forEach(t -> expected.put(t[0], "0=" + Double.parseDouble(t[1])));
        Map<String, String> logged = new java.util.TreeMap<>();
        for (RunInfo run : runs) {
            assertEquals(RunStatus.FINISHED, run.status());
            List<String> points = series(store().metrics(run.runId()), "log_likelihood");
            assertEquals(1, points.size(), points::toString);
            logged.put(store().params(run.runId()).get("lambda"), points.get(0));
        }
        assertEquals(expected, logged);
        assertEquals(3, expected.size(), result::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.1.1", "6.3.0"})
    void aFitThatThrowsIsFailedAndTheExceptionReachesTheCallerUnchanged(String version) throws Exception {
        ForkedJvm.Result plain = jvm(version).withoutAgent().run(MAIN, "fail");
        ForkedJvm.Result traced = train(version, "fail");

        assertNoAgentErrors(traced);
        assertEquals(plain.first("CAUGHT"), traced.first("CAUGHT"));
        onlyRun(traced, RunStatus.FAILED);
    }

    @Test
    void anUnsupportedLineIsSkippedWithOneWarning() throws Exception {
        ForkedJvm.Result plain = jvm("1.5.3").withoutAgent().run("smilefixture.Touch");
        ForkedJvm.Result traced = jvm("1.5.3").run("smilefixture.Touch");

        assertNoAgentErrors(traced);
        assertEquals(plain.stdout(), traced.stdout());
        List<String> warnings = traced.warnings().stream().filter(w -> w.contains("smile")).toList();
        assertEquals(1, warnings.size(), traced::toString);
        assertTrue(warnings.get(0).contains("smile 1.5.3 is not a supported version line (supported: "
                + "2.x, 3.x, 4.x, 5.x and 6.x)"), warnings.get(0));
        assertTrue(!Files.exists(dir.resolve("mlruns/0")) || runs(store()).isEmpty());
    }
}
