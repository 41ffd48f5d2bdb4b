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
import dev.autolog.dataset.DatasetDescription;
import dev.autolog.dataset.DatasetDigest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real DJL 0.36.0 training (PyTorch engine, CPU native library from Maven Central, offline) in a JVM with the real
 * agent: an {@code EasyTrain.fit} and a hand-written {@code trainBatch}/{@code step} loop of an MLP, each one run
 * whose metrics equal what DJL's {@code Metrics}, {@code TrainingResult} and a test listener saw, and whose model
 * loads back with DJL and predicts as the trained one did.
 */
class DjlAutologTest {
    static final String VERSION = "0.36.0";
    private static final String FIXTURE = "dev.autolog.it.fixtures.DjlTraining";

    @TempDir
    Path dir;

    static ForkedJvm djl() {
        return ForkedJvm.withClassPathDir(SparkJvm.CLASSPATHS.resolve("djl-" + VERSION).resolve("target/classpath"))
                .property("ai.djl.offline", "true");
    }

    private LocalStoreReader store() {
        return new LocalStoreReader(dir.resolve("mlruns"));
    }

    /** The fixture's lines {@code <kind> <scenario> ...} of one scenario, without kind and scenario. */
    private static List<String[]> of(ForkedJvm.Result result, String kind, String scenario) {
        return result.lines(kind).stream().filter(l -> l[0].equals(scenario))
                .map(l -> java.util.Arrays.copyOfRange(l, 1, l.length)).toList();
    }

    /** Every series the fixture saw DJL report ({@code key step value} in order) is exactly the run's series. */
    private void assertSeriesLogged(ForkedJvm.Result result, String scenario, String runId, Set<String> keys) {
        Map<String, List<String>> truth = new LinkedHashMap<>();
        for (String[] t : of(result, "TRUTH", scenario)) {
            if (keys.contains(t[0])) {
                truth.computeIfAbsent(t[0], k -> new ArrayList<>()).add(t[1] + "=" + value(t[0], Double.parseDouble(t[2])));
            }
        }
        assertEquals(keys, truth.keySet(), scenario);
        Map<String, List<Metric>> metrics = store().metrics(runId);
        truth.forEach((key, points) -> assertEquals(points, metrics.getOrDefault(key, List.of()).stream()
                .map(m -> m.step() + "=" + value(key, m.value()))
                .toList(), key + " of " + scenario));
    }

    @Test
    void aFitAndAHandWrittenLoopAreOneRunEachWithWhatDjlReportedAndAModelThatLoadsBack() throws Exception {
        ForkedJvm.Result result = djl().in(dir).store(dir.resolve("mlruns")).run(FIXTURE, "fit", "handLoop");

        assertNoAgentErrors(result);
        Map<String, RunInfo> runs = new LinkedHashMap<>();
        for (RunInfo run : runs(store())) {
            runs.put(store().params(run.runId()).get("model_name"), run);
        }
        assertEquals(List.of("mlp-fit", "mlp-handLoop"), new ArrayList<>(runs.keySet()), result::toString);
        Set<String> evaluations = Set.of("train_loss", "train_Accuracy", "train_SoftmaxCrossEntropyLoss");
        Map<String, Set<String>> series = Map.of(
                "fit", union(evaluations, Set.of("batch_loss", "epoch_time_ms", "validate_loss", "validate_Accuracy",
                        "validate_SoftmaxCrossEntropyLoss")),
                "handLoop", union(evaluations, Set.of("batch_loss")));
        for (String scenario : List.of("fit", "handLoop")) {
            RunInfo run = runs.get("mlp-" + scenario);
            assertTrue(StoreAssertions.autoName("djl").matcher(run.runName()).matches(), run.runName());
            assertEquals(RunStatus.FINISHED, run.status(), scenario);
            Map<String, String> tags = store().tags(run.runId());
            assertEquals("djl", tags.get("mlflow.autologging"));
            assertEquals(VERSION, tags.get("autolog.framework.version"));
            assertSeriesLogged(result, scenario, run.runId(), series.get(scenario));
            Map<String, String> params = store().params(run.runId());
            for (String[] p : of(result, "PARAM", scenario)) {
                assertEquals(p[1], params.get(p[0]), p[0] + " of " + scenario);
            }
            assertEquals("Adam", params.get("optimizer"));
            assertEquals("0.01", params.get("learning_rate"));
            assertEquals("FixedTracker(value=0.01)", params.get("learning_rate_tracker"));
            assertEquals("0.9", params.get("optimizer.beta1"));
            assertEquals("XavierInitializer(randomType=UNIFORM, factorType=AVG, magnitude=6.0)",
                    params.get("initializer"));
            assertEquals("Accuracy", params.get("evaluators"));
            assertEquals("16", params.get("batch_size"));
            assertEquals("SequentialBlock", params.get("block"));
            assertEquals("3", params.get("num_layers"));
            assertEquals("Linear", params.get("layer_2.type"));
            assertEquals("PyTorch", params.get("engine"));
            // the user's listeners ran in their order, their list unchanged; the model's path was left as it was
            assertEquals(List.of("true", String.join(",", java.util.Collections.nCopies(
                    scenario.equals("fit") ? 3 : 2, "first,second"))), List.of(of(result, "LISTENERS", scenario)
                    .get(0)));
            assertEquals("null", of(result, "MODELPATH", scenario).get(0)[0]);
            String params0 = "mlp-" + scenario + (scenario.equals("fit") ? "-0000" : "-0002") + ".params";
            assertEquals(List.of("model/MLmodel", "model/block.txt", "model/" + params0, "model_summary.txt"),
                    store().artifacts(run.runId()), scenario);
            Map<String, Object> mlmodel = MlflowModels.assertMlmodel(run, "model", Set.of("signature"));
            // the block's own description of its input (name, width) and the output width it infers, batch as -1
            for (String part : List.of("inputs", "outputs")) {
                String[] t = of(result, "TENSOR", scenario).stream().filter(l -> l[0].equals(part)).findFirst()
                        .orElseThrow();
                Map<String, Object> spec = Map.of("dtype", t[3], "shape", List.of(-1, Integer.parseInt(t[2])));
                assertEquals(List.of(t[1].equals("-") ? Map.of("type", "tensor", "tensor-spec", spec)
                        : Map.of("name", t[1], "type", "tensor", "tensor-spec", spec)),
                        MlflowModels.signaturePart(mlmodel, part), part + " of " + scenario);
            }
            assertEquals(Map.of("djl", Map.of("data", params0, "block", "block.txt", "djl_version", VERSION,
                    "engine", "PyTorch", "model_name", "mlp-" + scenario, "model_class",
                    "ai.djl.pytorch.engine.PtModel", "loader", "ai.djl.Model#load(java.nio.file.Path, java.lang.String)")),
                    mlmodel.get("flavors"));
            MlflowModels.assertLoggedModel(store(), run, (String) mlmodel.get("model_id"), "model", 2, params);
        }
        assertEquals("3", store().params(runs.get("mlp-fit").runId()).get("epochs"));
        assertFitDatasetsAreWhatDjlReports(result, runs.get("mlp-fit").runId());
        assertEquals(List.of(), store().inputs(runs.get("mlp-handLoop").runId()), "a hand loop's batches name no dataset");
        assertEquals(List.of(0L, 1L), store().metrics(runs.get("mlp-handLoop").runId()).get("epoch_time_ms").stream()
                .map(Metric::step).toList());
        RunInfo handLoop = runs.get("mlp-handLoop");
        assertTrue(handLoop.startTime() >= Long.parseLong(of(result, "OPENED", "handLoop").get(0)[1]),
                "the hand loop's run starts at its first batch");
        assertTrue(handLoop.endTime() <= Long.parseLong(of(result, "CLOSED", "handLoop").get(0)[1]),
                "the hand loop's run ends when its trainer is closed");

        ForkedJvm.Result loaded = djl().in(dir).withoutAgent().run(FIXTURE, "load",
                runs.get("mlp-fit").dir().resolve("artifacts/model").toString(), "mlp-fit");
        assertEquals(0, loaded.exitCode(), loaded::toString);
        assertEquals(of(result, "PREDICT", "fit").get(0)[0], of(loaded, "PREDICT", "loaded").get(0)[0]);
    }

    /**
     * The fit's training and validation sets: class, size ({@code RandomAccessDataset.size()}), the batch size its
     * sampler gives (the {@code Batch.getSize()} of the run's {@code batch_size} param) and the shape and data type
     * of its data: one record's as DJL returns it, after the size.
     */
    private void assertFitDatasetsAreWhatDjlReports(ForkedJvm.Result result, String runId) {
        List<DatasetInput> expected = new ArrayList<>();
        String batchSize = store().params(runId).get("batch_size");
        for (String[] line : of(result, "DATASET", "fit")) {
            long size = Long.parseLong(line[1]);
            List<Long> shape = new ArrayList<>(List.of(size));
            java.util.Arrays.stream(line[2].split(",")).map(Long::parseLong).forEach(shape::add);
            long[] tensor = shape.stream().mapToLong(Long::longValue).toArray();
            tensor[0] = -1;
            String type = "ai.djl.training.dataset.ArrayDataset";
            DatasetDescription d = DatasetDescription.of("code", Map.of("class", type)).tensor(line[3], tensor)
                    .profile("num_examples", size).profile("batch_size", Integer.parseInt(batchSize))
                    .profile("features_shape", shape).digestOf(type);
            expected.add(new DatasetInput(line[0], DatasetDigest.of(d), "code", "{\"tags\": {\"mlflow.user\": \""
                    + System.getProperty("user.name") + "\", \"mlflow.source.name\": \"" + FIXTURE
                    + "\", \"mlflow.source.type\": \"LOCAL\"}, \"class\": \"" + type + "\"}", d.schemaJson(),
                    "{\"num_examples\": " + size + ", \"batch_size\": " + batchSize + ", \"features_shape\": "
                            + shape.toString() + "}", line[0].equals("train") ? "training" : "validation"));
        }
        assertEquals(2, expected.size(), result::toString);
        assertEquals(expected, store().inputs(runId));
    }

    @Test
    void anUnsupportedLineIsSkippedWithOneWarning() throws Exception {
        String trainer = "ai.djl.training.Trainer";
        ForkedJvm.Result plain = ForkedJvm.withFramework("djl-0.5.0").in(dir).withoutAgent()
                .run("dev.autolog.it.fixtures.LoadClass", trainer);
        ForkedJvm.Result traced = ForkedJvm.withFramework("djl-0.5.0").in(dir).store(dir.resolve("mlruns"))
                .run("dev.autolog.it.fixtures.LoadClass", trainer);

        assertNoAgentErrors(traced);
        assertEquals(plain.stdout(), traced.stdout());
        List<String> warnings = traced.warnings().stream().filter(w -> w.contains("djl")).toList();
        assertEquals(List.of("autolog: djl autologging skipped: ai.djl:api of an old line (no "
                + "ai/djl/engine/api.properties) lacks EasyTrain.fit(Trainer, int, Dataset, Dataset), "
                + "EasyTrain.trainBatch or the training results of its listeners (supported: 0.36.0, tested; 0.38.0 "
                + "has the same API)"), warnings, traced::toString);
    }

    /** DJL's evaluations are floats (compared as such); its epoch time is a double of nanoseconds / 1e6. */
    private static String value(String key, double value) {
        return key.equals("epoch_time_ms") ? String.valueOf(value) : String.valueOf((float) value);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
