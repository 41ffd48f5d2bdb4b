package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static dev.autolog.it.StoreAssertions.runs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real DL4J training (1.0.0-M2.1 and 1.0.0-beta7) in a JVM with the real agent: one run per network, its score
 * series equal to what a plain listener saw, params, evaluations, early stopping and the model.
 */
class Dl4jAutologTest {
    private static final String FIXTURE = "dev.autolog.it.fixtures.Dl4jTraining";
    private static final String M2 = "1.0.0-M2.1";

    @TempDir
    Path dir;

    private ForkedJvm.Result train(ForkedJvm jvm, String... scenarios) throws Exception {
        return jvm.in(dir).store(dir.resolve("mlruns")).run(FIXTURE, scenarios);
    }

    private LocalStoreReader store() {
        return new LocalStoreReader(dir.resolve("mlruns"));
    }

    /** The runs by the seed of the network they tracked. */
    private Map<String, RunInfo> runsBySeed() {
        Map<String, RunInfo> bySeed = new LinkedHashMap<>();
        for (RunInfo run : runs(store())) {
            bySeed.put(store().params(run.runId()).get("seed"), run);
        }
        return bySeed;
    }

    /** The fixture's lines {@code <prefix> <seed> ...} of one network, without the prefix and seed. */
    private static List<String[]> of(ForkedJvm.Result result, String prefix, String seed) {
        return result.lines(prefix).stream().filter(l -> l[0].equals(seed))
                .map(l -> java.util.Arrays.copyOfRange(l, 1, l.length)).toList();
    }

    /** The TRUTH series of {@code key} ({@code step=value} in the order DL4J reported them) equals the run's. */
    private void assertSeriesLogged(ForkedJvm.Result result, String seed, String runId, String key) {
        List<String> truth = of(result, "TRUTH", seed).stream().filter(t -> t[0].equals(key))
                .map(t -> t[1] + "=" + Double.parseDouble(t[2])).toList();
        List<String> logged = store().metrics(runId).getOrDefault(key, List.of()).stream()
                .map(m -> m.step() + "=" + m.value()).toList();
        assertTrue(!truth.isEmpty(), key + " of " + seed);
        assertEquals(truth, logged, key + " of network " + seed);
    }

    /**
     * The data of the first fit (an early stopping's fits are its trainer's, so none) and of each evaluation: the
     * iterator's class, or a DataSet's shapes as the network's layer sizes say.
     */
    private void assertDatasets(String seed, RunInfo run, Map<String, String> params) {
        List<DatasetInput> inputs = store().inputs(run.runId());
        if (seed.equals("104") || seed.equals("105")) {
            assertEquals(List.of(), inputs.stream().filter(in -> in.name().equals("train")).toList(), seed);
            return;
        }
        DatasetInput train = inputs.stream().filter(in -> in.name().equals("train")).findFirst()
                .orElseThrow(() -> new AssertionError(seed + ": no training data in " + inputs));
        assertEquals("training", train.context());
        assertEquals("code", train.sourceType());
        if (seed.equals("107")) {
            assertTrue(train.source().endsWith("\"class\": \"org.nd4j.linalg.dataset.DataSet\"}"), train.source());
            assertEquals("{\"num_examples\": 50, \"features_shape\": [50, " + params.get("layer_0.nIn")
                    + "], \"labels_shape\": [50, " + params.get("layer_" + (Integer.parseInt(params.get("num_layers"))
                    - 1) + ".nOut") + "]}", train.profile());
        } else {
            assertTrue(train.source().endsWith("\"class\": \"org.deeplearning4j.datasets.iterator"
                    + ".ExistingDataSetIterator\"}"), train.source());
        }
        boolean evaluated = store().metrics(run.runId()).containsKey("accuracy")
                || store().metrics(run.runId()).containsKey("mse");
        assertEquals(evaluated, inputs.stream().anyMatch(in -> in.name().equals("eval") && in.context().equals("eval")),
                seed + ": " + inputs);
    }

    /** An iterator that knows its minibatch size (and, on DL4J versions that have it, its example count) says so. */
    private void assertTheEvaluatedIteratorIsDescribedAsItReportsItself(ForkedJvm.Result result, RunInfo run) {
        String[] truth = of(result, "EVAL_DATA", "101").get(0);
        long batch = Long.parseLong(truth[1]);
        long total = Long.parseLong(truth[2]);
        assertEquals(40, batch, result::toString);
        String profile = "{\"batch_size\": " + batch + (total > 0 ? ", \"num_examples\": " + total : "") + "}";
        List<DatasetInput> evaluated = store().inputs(run.runId()).stream()
                .filter(in -> in.source().endsWith("\"class\": \"" + truth[0] + "\"}")).toList();
        assertEquals(1, evaluated.size(), () -> store().inputs(run.runId()).toString());
        assertEquals("eval", evaluated.get(0).context());
        assertEquals(profile, evaluated.get(0).profile());
    }

    private void assertParamsAndEvaluations(ForkedJvm.Result result, String seed, String runId) {
        Map<String, String> params = store().params(runId);
        for (String[] p : of(result, "PARAM", seed)) {
            assertEquals(p[1], params.get(p[0]), p[0] + " of " + seed);
        }
        Map<String, List<Metric>> metrics = store().metrics(runId);
        for (String[] e : of(result, "EVAL", seed)) {
            List<Double> values = metrics.getOrDefault(e[0], List.of()).stream()
                    .filter(m -> m.step() == Long.parseLong(e[1])).map(Metric::value).toList();
            assertEquals(List.of(Double.parseDouble(e[2])), values, e[0] + " at " + e[1] + " of " + seed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {M2, "1.0.0-beta7"})
    void eachNetworkIsOneRunWithTheScoresItsListenersSawParamsEvaluationsAndModel(String version) throws Exception {
        ForkedJvm.Result result = train(ForkedJvm.withFramework("dl4j-" + version)
                        .property("autolog.log.input.examples", "true"), "fitEpochs", "epochLoop", "graph", "earlyStopping", "earlyStoppingGraph", "schedule", "userRun", "failing");

        assertNoAgentErrors(result);
        Map<String, RunInfo> runs = runsBySeed();
        assertEquals(List.of("101", "102", "103", "104", "105", "107", "108", "112"), new ArrayList<>(runs.keySet()),
                result::toString);
        assertEquals(5, of(result, "EXAMPLE", "107").size(), result::toString);
        RunInfo failed = runs.remove("112");
        assertEquals(RunStatus.FAILED, failed.status());
        assertTrue(result.first("THROWN").startsWith("org.deeplearning4j.exception."), result::toString);
        RunInfo userRun = runs.remove("108");
        assertEquals("user-run-108", userRun.runName());
        assertSeriesLogged(result, "108", userRun.runId(), "score");
        assertSeriesLogged(result, "108", userRun.runId(), "epoch_score");
        assertParamsAndEvaluations(result, "108", userRun.runId());
        for (Map.Entry<String, RunInfo> e : runs.entrySet()) {
            String seed = e.getKey();
            RunInfo run = e.getValue();
            assertTrue(StoreAssertions.autoName("dl4j").matcher(run.runName()).matches(), run.runName());
            assertEquals(RunStatus.FINISHED, run.status(), seed);
            Map<String, String> tags = store().tags(run.runId());
            assertEquals("dl4j", tags.get("mlflow.autologging"));
            assertEquals(version, tags.get("autolog.framework.version"));
            assertSeriesLogged(result, seed, run.runId(), "score");
            assertSeriesLogged(result, seed, run.runId(), "epoch_score");
            assertParamsAndEvaluations(result, seed, run.runId());
            // only fit(DataSet) (107) hands rows over; an iterator's are not read
            List<String[]> example = of(result, "EXAMPLE", seed);
            boolean withExample = !example.isEmpty();
            assertEquals(withExample ? List.of("model/MLmodel", "model/input_example.json", "model/model.zip",
                    "model/serving_input_example.json", "model_config.json", "model_summary.txt")
                    : List.of("model/MLmodel", "model/model.zip", "model_config.json", "model_summary.txt"),
                    store().artifacts(run.runId()), seed);
            Map<String, String> params = store().params(run.runId());
            boolean graph = params.get("network").equals("ComputationGraph");
            Map<String, Object> mlmodel = MlflowModels.assertMlmodel(run, "model", withExample
                    ? java.util.Set.of("signature", "saved_input_example_info") : java.util.Set.of("signature"));
            if (withExample) {
                MlflowModels.assertInputExample(run.dir().resolve("artifacts/model"), mlmodel, null, example.stream()
                        .map(r -> java.util.Arrays.stream(r).map(Double::valueOf).toList()).toList());
            }
            assertEquals(Map.of("dl4j", Map.of("data", "model.zip", "dl4j_version", version, "model_class",
                    "org.deeplearning4j.nn." + (graph ? "graph.ComputationGraph" : "multilayer.MultiLayerNetwork"),
                    "loader", "org.deeplearning4j.util.ModelSerializer#restore" + params.get("network"))),
                    mlmodel.get("flavors"), seed);
            if (graph) {
                assertGraphTensors(result, seed, mlmodel);
            }
            for (String[] part : graph ? new String[0][] : new String[][] {{"inputs", "layer_0.nIn"},
                    {"outputs", "layer_" + (Integer.parseInt(params.get("num_layers")) - 1) + ".nOut"}}) {
                assertEquals(List.of(Map.of("type", "tensor", "tensor-spec", Map.of("dtype", "float32", "shape",
                        List.of(-1, Integer.parseInt(params.get(part[1])))))), new com.fasterxml.jackson.databind
                        .ObjectMapper().readValue((String) ((Map<?, ?>) mlmodel.get("signature")).get(part[0]),
                                List.class), part[0]);
            }
            MlflowModels.assertLoggedModel(store(), run, (String) mlmodel.get("model_id"), "model", 2,
                    store().params(run.runId()));
            String json = Files.readString(run.dir().resolve("artifacts/model_config.json"));
            assertTrue(json.contains("\"seed\" : " + seed), json);
            assertDatasets(seed, run, params);
        }
        assertTheEvaluatedIteratorIsDescribedAsItReportsItself(result, runs.get("101"));

        // fit(iterator, 3): 12 iterations; the user's listeners all fired, in their order, and the list is theirs
        assertEquals(List.of("3", "first,second,first,second"), List.of(result.lines("LISTENERS").get(0)));
        Map<String, String> fitEpochs = store().params(runs.get("101").runId());
        assertEquals("3", fitEpochs.get("epochs"));
        assertEquals("MultiLayerNetwork", fitEpochs.get("network"));
        assertEquals("Adam", fitEpochs.get("updater"));
        assertEquals("relu", fitEpochs.get("layer_0.activation"));
        assertEquals("WeightInitXavier", fitEpochs.get("weight_init"));
        assertTrue(fitEpochs.get("loss").startsWith("LossMCXENT"), fitEpochs.get("loss"));
        long saved = Long.parseLong(result.lines("SAVED").get(0)[1]);
        assertEquals(saved, Files.size(runs.get("101").dir().resolve("artifacts/model/model.zip")));

        // the epoch loop, evaluated after every epoch and its listener list replaced half-way: one run
        Map<String, List<Metric>> loop = store().metrics(runs.get("102").runId());
        assertEquals(List.of(0L, 1L, 2L, 3L), loop.get("epoch_score").stream().map(Metric::step).toList());
        assertEquals(16, loop.get("score").size());
        assertEquals(4, loop.get("accuracy").size());

        assertEquals("ComputationGraph", store().params(runs.get("103").runId()).get("network"));
        // the logged graph and network, restored by DL4J from the files written, predict exactly as the originals
        List<String> load = new ArrayList<>(List.of("load"));
        for (String[] network : new String[][] {{"102", "network"}, {"103", "graph"}}) {
            load.addAll(List.of(network[0], network[1],
                    runs.get(network[0]).dir().resolve("artifacts/model/model.zip").toString()));
        }
        ForkedJvm.Result loaded = ForkedJvm.withFramework("dl4j-" + version).withoutAgent().in(dir)
                .run(FIXTURE, load.toArray(String[]::new));
        assertEquals(10, result.lines("PREDICT").size(), result::toString);
        assertEquals(result.stdout().lines().filter(l -> l.startsWith("PREDICT")).toList(),
                loaded.stdout().lines().filter(l -> l.startsWith("PREDICT")).toList(), loaded::toString);
        // fit(DataSet) minibatch by minibatch with a scheduled learning rate: one run, the rate at every iteration
        String schedule = runs.get("107").runId();
        assertSeriesLogged(result, "107", schedule, "learning_rate");
        assertEquals(8, store().metrics(schedule).get("score").size());
        assertTrue(store().params(schedule).get("learning_rate_schedule").startsWith("StepSchedule"),
                store().params(schedule)::toString);
        for (String seed : List.of("104", "105")) {
            String runId = runs.get(seed).runId();
            String[] es = of(result, "ES", seed).get(0);
            Map<String, List<Metric>> metrics = store().metrics(runId);
            assertEquals(Double.parseDouble(es[0]), metrics.get("best_epoch").get(0).value());
            assertEquals(Double.parseDouble(es[1]), metrics.get("best_score").get(0).value());
            assertEquals(Double.parseDouble(es[2]), metrics.get("total_epochs").get(0).value());
            assertEquals(es[3], store().params(runId).get("early_stopping.termination_reason"));
            assertSeriesLogged(result, seed, runId, "early_stopping_score");
        }
    }

    /**
     * A ComputationGraph's signature: one named tensor per graph input (as wide as the features it was fed) and per
     * graph output (as wide as what it returned), in the network's data type; the early-stopping graph (105) is
     * built like 103.
     */
    private static void assertGraphTensors(ForkedJvm.Result result, String seed, Map<String, Object> mlmodel)
            throws Exception {
        Map<String, String> dtypes = Map.of("FLOAT", "float32", "DOUBLE", "float64");
        for (String part : List.of("inputs", "outputs")) {
            List<Map<String, Object>> expected = of(result, "TENSOR", "103").stream().filter(t -> t[0].equals(part))
                    .map(t -> Map.<String, Object>of("name", t[1], "type", "tensor", "tensor-spec",
                            Map.of("dtype", dtypes.get(t[3]), "shape", List.of(-1, Integer.parseInt(t[2])))))
                    .toList();
            assertEquals(1, expected.size(), result::toString);
            assertEquals(expected, MlflowModels.signaturePart(mlmodel, part), part + " of " + seed);
        }
    }

    @Test
    void aNetworkIdleLongerThanTheTimeoutStartsASecondRun() throws Exception {
        ForkedJvm.Result result = train(ForkedJvm.withFramework("dl4j-" + M2)
                .property("autolog.dl4j.idle.timeout", "1s").property("autolog.log.models", "false"), "idle");

        assertNoAgentErrors(result);
        List<RunInfo> runs = runs(store());
        assertEquals(2, runs.size(), result::toString);
        List<String> truth = of(result, "TRUTH", "106").stream().filter(t -> t[0].equals("score"))
                .map(t -> t[1] + "=" + Double.parseDouble(t[2])).toList();
        List<String> logged = new ArrayList<>();
        for (RunInfo run : runs) {
            assertEquals(RunStatus.FINISHED, run.status());
            store().metrics(run.runId()).get("score").forEach(m -> logged.add(m.step() + "=" + m.value()));
        }
        assertEquals(truth, logged);
        assertEquals(4, store().metrics(runs.get(0).runId()).get("score").size());
        assertTrue(runs.get(0).endTime() < runs.get(1).startTime(), "the first run ended before the second began");
        assertEquals(List.of("model_config.json", "model_summary.txt"), store().artifacts(runs.get(1).runId()));
    }

    @Test
    void anEvaluatedNetworkEndsItsRunAfterTheGraceAndACollectedOneAtOnceWhileAnIdleOneGoesOn() throws Exception {
        ForkedJvm.Result result = train(ForkedJvm.withFramework("dl4j-" + M2), "lifecycle");

        assertNoAgentErrors(result);
        assertEquals("true", result.first("COLLECTED"), result::toString);
        long pauseEnded = Long.parseLong(result.first("NOW"));
        Map<String, List<RunInfo>> bySeed = new LinkedHashMap<>();
        for (RunInfo run : runs(store())) {
            bySeed.computeIfAbsent(store().params(run.runId()).get("seed"), k -> new ArrayList<>()).add(run);
        }
        List<RunInfo> evaluated = bySeed.get("109");
        assertEquals(2, evaluated.size(), bySeed::toString);
        assertTrue(evaluated.get(0).endTime() < pauseEnded);
        assertEquals(List.of(0L), store().metrics(evaluated.get(0).runId()).get("accuracy").stream()
                .map(Metric::step).toList());
        List<RunInfo> resting = bySeed.get("110");
        assertEquals(1, resting.size());
        assertEquals(8, store().metrics(resting.get(0).runId()).get("score").size());
        assertTrue(resting.get(0).endTime() > pauseEnded);
        RunInfo dropped = bySeed.get("111").get(0);
        assertEquals(RunStatus.FINISHED, dropped.status());
        assertTrue(dropped.endTime() < pauseEnded, "a collected network's run ends when it is collected");
        assertEquals(List.of("model_config.json", "model_summary.txt"), store().artifacts(dropped.runId()));
    }

    @Test
    void dl4jInAChildClassLoaderIsTracked() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("none").in(dir).store(dir.resolve("mlruns"))
                .run("dev.autolog.it.fixtures.ChildLoaderDl4j",
                        ForkedJvm.FRAMEWORKS.resolve("dl4j-" + M2).toString(), ForkedJvm.TEST_CLASSES.toString(),
                        "fitEpochs");

        assertNoAgentErrors(result);
        Map<String, RunInfo> runs = runsBySeed();
        assertEquals(List.of("101"), new ArrayList<>(runs.keySet()), result::toString);
        assertSeriesLogged(result, "101", runs.get("101").runId(), "score");
        Predicate<String> childLoaded = l -> l.startsWith("LOADER ") && !l.contains("AppClassLoader");
        assertTrue(result.stdout().lines().anyMatch(childLoaded), result::toString);
    }

    @Test
    void anUnsupportedVersionIsSkippedWithOneWarning() throws Exception {
        String network = "org.deeplearning4j.nn.multilayer.MultiLayerNetwork";
        ForkedJvm.Result plain = ForkedJvm.withFramework("dl4j-0.9.1").in(dir).withoutAgent()
                .run("dev.autolog.it.fixtures.LoadClass", network);
        ForkedJvm.Result traced = ForkedJvm.withFramework("dl4j-0.9.1").in(dir).store(dir.resolve("mlruns"))
                .run("dev.autolog.it.fixtures.LoadClass", network);

        assertNoAgentErrors(traced);
        assertEquals(plain.stdout(), traced.stdout());
        List<String> warnings = traced.warnings().stream().filter(w -> w.contains("dl4j")).toList();
        assertEquals(List.of("autolog: dl4j autologging skipped: deeplearning4j-nn 0.9.1 lacks "
                + "BaseOptimizer.incrementIterationCount(Model, int) or the networks' iteration and epoch counts "
                + "(supported: 1.0.0-beta7 to 1.0.0-M2.1)"), warnings, traced::toString);
    }
}
