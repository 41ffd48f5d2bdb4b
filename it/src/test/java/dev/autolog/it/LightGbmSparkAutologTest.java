package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.RunInfo;
import dev.autolog.dataset.DatasetDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SynapseML LightGBM 1.0.15 on Spark 3.5.6 (local[2]) with the real agent: a classifier with a validation indicator
 * column, the same as a pipeline stage inside a {@code CrossValidator}, a regressor trained in two batches and a ranker;
 * per-iteration metrics are compared with what LightGBM evaluated, as SynapseML's {@code LightGBMDelegate} received
 * it in the same JVM.
 */
class LightGbmSparkAutologTest {
    private static final String CLASSIFIER = "com.microsoft.azure.synapse.ml.lightgbm.LightGBMClassifier";
    private static final String REGRESSOR = "com.microsoft.azure.synapse.ml.lightgbm.LightGBMRegressor";
    private static final String RANKER = "com.microsoft.azure.synapse.ml.lightgbm.LightGBMRanker";
    private static final List<String> KEYS = List.of("train-auc", "train-binary_logloss", "validation-auc",
            "validation-binary_logloss");
    private static final List<String> EARLY_STOPPING = List.of("best_iteration", "stopped_iteration");

    @TempDir
    static Path dir;
    static ForkedJvm.Result result;
    static LocalStoreReader store;
    static List<RunInfo> runs;

    @BeforeAll
    static void fit() throws Exception {
        result = ForkedJvm.withClassPathDir(
                SparkJvm.CLASSPATHS.resolve("synapseml-lightgbm-1.0.15").resolve("target/classpath"))
                .jvmArgs(SparkJvm.MODULE_OPTIONS).in(dir).store(dir.resolve("mlruns")).timeout(300)
                .run("dev.autolog.it.fixtures.LightGbmSparkTraining");
        assertNoAgentErrors(result);
        store = new LocalStoreReader(dir.resolve("mlruns"));
        runs = StoreAssertions.runs(store);
    }

    @Test
    void aClassifierFitIsOneRunWithLightGbmsPerIterationMetricsImportancesAndNativeModel() throws Exception {
        List<RunInfo> fits = runs.stream().filter(r -> CLASSIFIER.equals(store.tags(r.runId()).get("spark.estimator")))
                .toList();
        assertEquals(2, fits.size(), result::toString);
        RunInfo run = fits.get(0);
        assertEquals(RunStatus.FINISHED, run.status());
        Map<String, String> params = store.params(run.runId());
        assertEquals("12", params.get("numIterations"));
        assertEquals("2", params.get("earlyStoppingRound"));
        assertEquals("validation", params.get("validationIndicatorCol"));
        assertEquals("true", params.get("isProvideTrainingMetric"));
        // SynapseML's own byte-array param: its type and size, never an identity hash such as [B@2df7766b
        assertEquals("byte[0]", params.get("referenceDataset"));
        params.forEach((k, v) -> assertFalse(v.matches(".*@[0-9a-f]{4,}"), k + "=" + v));

        Map<String, List<Metric>> metrics = new TreeMap<>(store.metrics(run.runId()));
        metrics.keySet().removeAll(EARLY_STOPPING);
        assertEquals(KEYS, List.copyOf(metrics.keySet()));
        assertEquals(iterations("classifier", 1), points(metrics));

        Path artifacts = run.dir().resolve("artifacts");
        assertEquals(importance("split"), Files.readString(artifacts.resolve("feature_importance_split.json")));
        assertEquals(importance("gain"), Files.readString(artifacts.resolve("feature_importance_gain.json")));
        assertEquals(result.lines("NATIVE").get(0)[1],
                String.valueOf(Files.readString(artifacts.resolve("model/lightgbm_model.txt")).hashCode()));
        assertTrue(Files.isDirectory(artifacts.resolve("model/sparkml")), artifacts::toString);
        List<DatasetInput> inputs = store.inputs(run.runId());
        assertEquals(List.of(trainingDataAsSparkReportsIt(inputs.get(0).digest())), inputs);
        // the refit's DataFrame is the same data assembled again (a new UDF object, new expression ids)
        assertEquals(inputs, store.inputs(fits.get(1).runId()));
    }

    /**
     * The classifier's DataFrame as Spark's own dataset inputs give it (LightGBM's fit is a Spark fit): in memory,
     * its columns and Spark types (the assembled {@code vector} too), with {@code digest}.
     */
    private static DatasetInput trainingDataAsSparkReportsIt(String digest) {
        String[] train = result.lines("TRAIN").get(0);
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (String column : train[0].split(",")) {
            names.add(column.split(":")[0]);
            types.add(column.split(":")[1]);
        }
        DatasetDescription d = DatasetDescription.inMemory().anyColumns(names, types);
        return new DatasetInput("train", digest, "code", "{\"tags\": {\"mlflow.user\": \""
                + System.getProperty("user.name") + "\", \"mlflow.source.name\": \""
                + "dev.autolog.it.fixtures.LightGbmSparkTraining\", \"mlflow.source.type\": \"LOCAL\"}, "
                + "\"in_memory\": \"LocalRelation\"}", d.schemaJson(), "{\"num_columns\": " + names.size() + "}",
                "training");
    }

    @Test
    void aFitThatStopsEarlyLogsItsBestAndStoppedIterationAsSynapseMlReportsThem() {
        RunInfo run = runs.stream().filter(r -> CLASSIFIER.equals(store.tags(r.runId()).get("spark.estimator")))
                .findFirst().orElseThrow(() -> new AssertionError(runs));
        String[] reported = result.lines("EARLY").get(0);
        String[] finished = result.lines("FINISHED").get(0);
        assertEquals(List.of("classifier", "classifier"), List.of(reported[0], finished[0]));
        int best = Integer.parseInt(reported[1]);
        int stopped = Integer.parseInt(finished[1]);
        // the scenario really stops early: two iterations after its best, before its 12th
        assertEquals(best + 2, stopped, result::toString);
        assertTrue(stopped < 11, result::toString);

        Map<String, List<Metric>> metrics = store.metrics(run.runId());
        Map<String, List<Metric>> early = new TreeMap<>(metrics);
        early.keySet().retainAll(EARLY_STOPPING);
        // as XGBoost's: step 0, counted from 0 like the per-iteration metrics' steps
        assertEquals(List.of("best_iteration@0=" + (double) best, "stopped_iteration@0=" + (double) stopped),
                points(early));
        assertEquals(stopped, metrics.get("validation-auc").stream().mapToLong(Metric::step).max().orElseThrow());
    }

    @Test
    void aFitWithoutEarlyStoppingRoundLogsNeitherThoughSynapseMlReportsABestIteration() {
        // SynapseML stopped the refit at the first iteration that did not improve and reports its best
        String[] refit = result.lines("EARLY").get(1);
        assertEquals("cvrefit", refit[0]);
        assertTrue(Integer.parseInt(refit[1]) >= 0, result::toString);

        List<RunInfo> others = runs.stream().filter(r -> !"2".equals(store.params(r.runId()).get("earlyStoppingRound")))
                .toList();
        assertEquals(runs.size() - 1, others.size(), runs::toString);
        for (RunInfo run : others) {
            Map<String, List<Metric>> metrics = store.metrics(run.runId());
            assertEquals(List.of(), EARLY_STOPPING.stream().filter(metrics::containsKey).toList(), run::toString);
        }
    }

    @Test
    void aCrossValidatorOfALightGbmPipelineIsParentWithChildRunsAndItsRefitsIterations() throws Exception {
        RunInfo parent = runs.stream().filter(r -> store.tags(r.runId()).getOrDefault("spark.estimator", "")
                .endsWith(".CrossValidator")).findFirst().orElseThrow(() -> new AssertionError(runs));
        Map<String, String> params = store.params(parent.runId());
        assertEquals("VectorAssembler,LightGBMClassifier", params.get("stages"));
        assertEquals("6", params.get("LightGBMClassifier.numIterations"));
        assertEquals(result.lines("BEST").get(0)[1], params.get("best_LightGBMClassifier.numLeaves"));
        List<RunInfo> children = runs.stream().filter(r -> parent.runId().equals(store.tags(r.runId())
                .get("mlflow.parentRunId"))).toList();
        assertEquals(2, children.size());
        List<DatasetInput> parentInputs = store.inputs(parent.runId());
        assertEquals(List.of("train|training|code"), parentInputs.stream()
                .map(in -> in.name() + "|" + in.context() + "|" + in.sourceType()).toList());
        for (RunInfo child : children) {
            assertEquals(parentInputs, store.inputs(child.runId()), "a candidate's run names its parent's data");
        }

        Map<String, List<Metric>> metrics = new TreeMap<>(store.metrics(parent.runId()));
        metrics.keySet().retainAll(KEYS);
        assertEquals(KEYS, List.copyOf(metrics.keySet()));
        // the CrossValidator refits the best candidate on all the data last: its iterations are the run's; the
        // fixture repeated that training alone (the same native model) with a delegate that printed LightGBM's
        String refitModel = result.lines("NATIVE").get(2)[1];
        assertEquals(result.lines("NATIVE").get(1)[1], refitModel);
        assertEquals(iterations("cvrefit", 1), points(metrics));
        assertEquals(refitModel, String.valueOf(Files.readString(
                parent.dir().resolve("artifacts/model/lightgbm_model.txt")).hashCode()));
        // classifier, cv parent + 2 children, the repeated refit, the batched regressor, the ranker
        assertEquals(7, runs.size(), () -> runs.toString());
    }

    @Test
    void aFitInBatchesCountsItsStepsOnAcrossTheBatches() throws Exception {
        RunInfo run = runs.stream().filter(r -> REGRESSOR.equals(store.tags(r.runId()).get("spark.estimator")))
                .findFirst().orElseThrow(() -> new AssertionError(runs));
        // each batch numbers its iterations from 0; the n-th iteration LightGBM trained in the fit is step n
        List<String> trained = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (String[] l : result.lines("ITER")) {
            if (l[0].equals("batches")) {
                String iteration = l[4] + "/" + l[2];
                if (!trained.contains(iteration)) {
                    trained.add(iteration);
                }
                expected.add(l[1] + "@" + trained.indexOf(iteration) + "=" + Double.parseDouble(l[3]));
            }
        }
        assertEquals(List.of("0/0", "0/1", "0/2", "1/0", "1/1", "1/2"), trained);
        assertEquals(expected.stream().sorted().toList(), points(store.metrics(run.runId())));
        assertEquals(result.lines("NATIVE").get(3)[1],
                String.valueOf(Files.readString(run.dir().resolve("artifacts/model/lightgbm_model.txt")).hashCode()));
    }

    @Test
    void aRankersNdcgAtKIsNamedAsMlflowNamesIt() throws Exception {
        RunInfo run = runs.stream().filter(r -> RANKER.equals(store.tags(r.runId()).get("spark.estimator")))
                .findFirst().orElseThrow(() -> new AssertionError(runs));
        Map<String, List<Metric>> metrics = store.metrics(run.runId());
        // LightGBM's ndcg@1 as mlflow.lightgbm.autolog names it: '@' becomes '_at_'
        assertEquals(List.of("train-ndcg_at_1", "train-ndcg_at_3"), metrics.keySet().stream().sorted().toList());
        assertEquals(result.lines("ITER").stream().filter(l -> l[0].equals("ranker"))
                .map(l -> l[1].replace("@", "_at_") + "@" + l[2] + "=" + Double.parseDouble(l[3])).sorted().toList(),
                points(metrics));
        assertNull(store.tags(run.runId()).get("autolog.renamed"));
    }

    /**
     * The {@code ITER} lines of a scenario's {@code fit}-th LightGBM training (from 1; 0 for the last), as sorted
     * points; a training starts where the iteration goes back to 0.
     */
    private static List<String> iterations(String scenario, int fit) {
        List<List<String>> fits = new ArrayList<>();
        String previous = null;
        for (String[] l : result.lines("ITER")) {
            if (!l[0].equals(scenario)) {
                continue;
            }
            if (l[2].equals("0") && !"0".equals(previous)) {
                fits.add(new ArrayList<>());
            }
            previous = l[2];
            fits.get(fits.size() - 1).add(l[1] + "@" + l[2] + "=" + Double.parseDouble(l[3]));
        }
        assertFalse(fits.isEmpty(), result::toString);
        return fits.get(fit == 0 ? fits.size() - 1 : fit - 1).stream().sorted().toList();
    }

    private static List<String> points(Map<String, List<Metric>> metrics) {
        List<String> out = new ArrayList<>();
        metrics.forEach((key, points) -> points.forEach(m -> out.add(key + "@" + m.step() + "=" + m.value())));
        return out.stream().sorted().toList();
    }

    /** {@code {"f0": <importance>, ...}} from the fixture's {@code IMPORTANCE classifier <type> [a, b]} line. */
    private static String importance(String type) {
        String[] values = result.lines("IMPORTANCE").stream().filter(l -> l[1].equals(type)).findFirst()
                .map(l -> String.join(" ", java.util.Arrays.copyOfRange(l, 2, l.length))).orElseThrow()
                .replaceAll("[\\[\\]]", "").split(", ");
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ", ").append("\"f").append(i).append("\": ").append(values[i]);
        }
        return out.append('}').toString();
    }
}
