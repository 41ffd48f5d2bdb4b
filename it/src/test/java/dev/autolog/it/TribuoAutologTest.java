package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static dev.autolog.it.StoreAssertions.runs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real Tribuo training in a JVM with the real agent, on the 4.3 and 4.2 lines. */
class TribuoAutologTest {
    private static final String FIXTURE = "dev.autolog.it.fixtures.TribuoTraining";
    private static final String SGD = "org.tribuo.classification.sgd.linear.LinearSGDTrainer";

    @TempDir
    Path dir;

    private ForkedJvm.Result train(String version, String... args) throws Exception {
        return ForkedJvm.withFramework("tribuo-" + version).in(dir).store(dir.resolve("mlruns")).run(FIXTURE, args);
    }

    private LocalStoreReader store() {
        return new LocalStoreReader(dir.resolve("mlruns"));
    }

    /** Every {@code TRUTH key step value} line is a point of the run with exactly that double value. */
    private static void assertTruthLogged(Map<String, List<Metric>> metrics, List<String[]> truth) {
        for (String[] t : truth) {
            List<Metric> points = metrics.getOrDefault(t[0], List.of());
            long step = Long.parseLong(t[1]);
            List<Double> values = points.stream().filter(m -> m.step() == step).map(Metric::value).toList();
            assertEquals(List.of(Double.parseDouble(t[2])), values, t[0] + " at step " + step + " in " + points);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.3.2", "4.2.1"})
    @SuppressWarnings("unchecked")
    void trainingIsOneRunWithProvenanceParamsLossCurveEvaluationsAndModel(String version) throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("tribuo-" + version)
                .property("autolog.log.input.examples", "true").in(dir).store(dir.resolve("mlruns"))
                .run(FIXTURE, "classify");

        assertNoAgentErrors(result);
        List<RunInfo> runs = runs(store());
        assertEquals(1, runs.size(), result::toString);
        RunInfo run = runs.get(0);
        assertTrue(StoreAssertions.autoName("tribuo").matcher(run.runName()).matches(), run.runName());
        assertEquals(RunStatus.FINISHED, run.status());

        Map<String, String> params = store().params(run.runId());
        for (String[] p : result.lines("PARAM")) {
            assertEquals(p[1], params.get(p[0]), p[0]);
        }
        assertEquals(SGD, params.get("trainer"));
        assertEquals("org.tribuo.math.optimisers.AdaGrad", params.get("optimiser.class-name"));
        assertEquals("0.1", params.get("optimiser.initialLearningRate"));
        assertEquals("org.tribuo.classification.sgd.objectives.LogMulticlass", params.get("objective.class-name"));

        Map<String, List<Metric>> metrics = store().metrics(run.runId());
        List<String[]> loss = result.lines("LOSS");
        assertEquals(12, loss.size(), result::toString);
        assertEquals(loss.stream().map(l -> l[0] + "=" + Double.parseDouble(l[1])).toList(),
                metrics.get("training_loss").stream().map(m -> m.step() + "=" + m.value()).toList());
        assertTruthLogged(metrics, result.lines("TRUTH"));
        assertEquals(List.of(0L, 1L), metrics.get("accuracy").stream().map(Metric::step).toList());

        Map<String, String> tags = store().tags(run.runId());
        assertEquals("tribuo", tags.get("mlflow.autologging"));
        assertEquals(version, tags.get("autolog.framework.version"));

        boolean legacy = version.startsWith("4.2");
        String file = legacy ? "model.ser" : "model.tribuo";
        String model = "model/" + file;
        Path modelDir = run.dir().resolve("artifacts/model");
        Map<String, Object> mlmodel = MlflowModels.assertMlmodel(run, "model",
                Set.of("signature", "saved_input_example_info"));
        Map<String, Object> flavors = new java.util.HashMap<>((Map<String, Object>) mlmodel.get("flavors"));
        assertEquals(Map.of("data", file, "tribuo_version", version,
                "model_class", "org.tribuo.classification.sgd.linear.LinearSGDModel", "loader",
                legacy ? "java.io.ObjectInputStream#readObject" : "org.tribuo.Model#deserializeFromFile"),
                flavors.remove("tribuo"));
        List<List<Double>> examples = doubles(result.lines("EXAMPLE"));
        if (legacy) {
            assertEquals(List.of("model/MLmodel", "model/input_example.json", model,
                    "model/serving_input_example.json", "model_provenance.json"), store().artifacts(run.runId()));
            assertEquals(Map.of(), flavors);
            assertFeatureColumnSignature(mlmodel, result);
            MlflowModels.assertInputExample(modelDir, mlmodel, List.of(result.lines("FEATURES").get(0)), examples);
        } else {
            assertEquals(List.of("model/MLmodel", "model/conda.yaml", "model/input_example.json", "model/model.onnx",
                    model, "model/python_env.yaml", "model/requirements.txt", "model/serving_input_example.json",
                    "model_provenance.json"), store().artifacts(run.runId()));
            assertOnnxFlavorScoresLikeTribuo(flavors, mlmodel, modelDir, result);
            MlflowModels.assertInputExample(modelDir, mlmodel, null, examples);
        }
        MlflowModels.assertLoggedModel(store(), run, (String) mlmodel.get("model_id"), "model", 2, params);
        Path artifacts = run.dir().resolve("artifacts");
        String provenance = Files.readString(artifacts.resolve("model_provenance.json"));
        assertTrue(provenance.contains("\"class-name\": \"org.tribuo.classification.sgd.linear.LinearSGDModel\""),
                provenance);
        ForkedJvm.Result loaded = ForkedJvm.withFramework("tribuo-" + version).withoutAgent()
                .run(FIXTURE, "load", artifacts.resolve(model).toString());
        assertEquals(List.of("org.tribuo.classification.sgd.linear.LinearSGDModel 4"), lines(loaded, "LOADED"),
                loaded::toString);
        assertEquals(lines(result, "SCORES"), lines(loaded, "SCORES"), "the reloaded model scores as the original");
    }

    private static List<String> lines(ForkedJvm.Result result, String prefix) {
        return result.lines(prefix).stream().map(l -> String.join(" ", l)).toList();
    }

    private static List<List<Double>> doubles(List<String[]> lines) {
        return lines.stream().map(l -> java.util.Arrays.stream(l).map(Double::valueOf).toList()).toList();
    }

    /** Tribuo's feature map (by id) as double input columns, its output domain (by id) as double output columns. */
    private static void assertFeatureColumnSignature(Map<String, Object> mlmodel, ForkedJvm.Result result)
            throws Exception {
        MlflowModels.assertColumnSignature(mlmodel,
                MlflowModels.typed(List.of(result.lines("FEATURES").get(0)), "double"),
                MlflowModels.typed(List.of(result.lines("OUTPUTS").get(0)), "double"));
    }

    /**
     * The ONNX export of a linear model (§2.3: {@code onnx} + {@code python_function} through {@code mlflow.onnx})
     * scored with ONNX Runtime's Java API gives Tribuo's own scores for the same rows (to float32 precision, the
     * graph's type); the signature is the graph's tensors as ONNX Runtime reads them.
     */
    private static void assertOnnxFlavorScoresLikeTribuo(Map<String, Object> flavors, Map<String, Object> mlmodel,
                                                         Path dir, ForkedJvm.Result result) throws Exception {
        Map<String, Object> onnx = new java.util.HashMap<>();
        onnx.put("code", null);
        onnx.put("data", "model.onnx");
        onnx.put("onnx_session_options", null);
        onnx.put("onnx_version", "1.17.0");
        onnx.put("providers", List.of("CPUExecutionProvider"));
        assertEquals(Map.of("onnx", onnx, "python_function", MlflowModels.pythonFunction("mlflow.onnx", "model.onnx")), flavors);
        MlflowModels.assertPythonEnvironment(dir, "onnx==1.17.0", "onnxruntime==1.17.3");
        List<String[]> rows = result.lines("ROW");
        List<String[]> scores = result.lines("SCORES");
        assertEquals(5, rows.size(), result::toString);
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (ai.onnxruntime.OrtSession session = env.createSession(dir.resolve("model.onnx").toString(),
                new ai.onnxruntime.OrtSession.SessionOptions())) {
            assertEquals(tensorSpecs(session.getInputInfo()), MlflowModels.signaturePart(mlmodel, "inputs"));
            assertEquals(tensorSpecs(session.getOutputInfo()), MlflowModels.signaturePart(mlmodel, "outputs"));
            for (int i = 0; i < rows.size(); i++) {
                float[][] input = new float[1][rows.get(i).length];
                for (int j = 0; j < input[0].length; j++) {
                    input[0][j] = Float.parseFloat(rows.get(i)[j]);
                }
                try (ai.onnxruntime.OnnxTensor tensor = ai.onnxruntime.OnnxTensor.createTensor(env, input);
                     ai.onnxruntime.OrtSession.Result out = session.run(Map.of(session.getInputNames().iterator()
                             .next(), tensor))) {
                    float[] onnxScores = ((float[][]) out.get(0).getValue())[0];
                    assertEquals(scores.get(i).length, onnxScores.length);
                    for (int k = 0; k < onnxScores.length; k++) {
                        assertEquals(Double.parseDouble(scores.get(i)[k]), onnxScores[k], 1e-5, "row " + i);
                    }
                }
            }
        }
    }

    /** ONNX Runtime's view of a graph's tensors as MLflow tensor specs: name, numpy dtype, shape (-1 symbolic). */
    private static List<Map<String, Object>> tensorSpecs(Map<String, ai.onnxruntime.NodeInfo> nodes) {
        Map<ai.onnxruntime.OnnxJavaType, String> dtypes = Map.of(ai.onnxruntime.OnnxJavaType.FLOAT, "float32",
                ai.onnxruntime.OnnxJavaType.DOUBLE, "float64", ai.onnxruntime.OnnxJavaType.INT64, "int64",
                ai.onnxruntime.OnnxJavaType.INT32, "int32");
        List<Map<String, Object>> specs = new java.util.ArrayList<>();
        for (Map.Entry<String, ai.onnxruntime.NodeInfo> e : nodes.entrySet()) {
            ai.onnxruntime.TensorInfo info = (ai.onnxruntime.TensorInfo) e.getValue().getInfo();
            List<Integer> shape = java.util.Arrays.stream(info.getShape()).mapToObj(d -> (int) d).toList();
            specs.add(Map.of("name", e.getKey(), "type", "tensor", "tensor-spec",
                    Map.of("dtype", dtypes.get(info.type), "shape", shape)));
        }
        return specs;
    }

    @Test
    void perLabelMetricsOfLabelsInAnyScriptAreSeparateSeriesWithTribuosValues() throws Exception {
        ForkedJvm.Result result = train("4.3.2", "cjk-labels");

        assertNoAgentErrors(result);
        String runId = runs(store()).get(0).runId();
        Set<String> labels = new TreeSet<>();
        List<String[]> truth = new java.util.ArrayList<>();
        for (String[] l : result.lines("LABEL")) {
            String label = new String(java.util.HexFormat.of().parseHex(l[0]), java.nio.charset.StandardCharsets.UTF_8);
            labels.add(label);
            truth.add(new String[] {"f1_" + label, "0", l[1]});
            truth.add(new String[] {"recall_" + label, "0", l[2]});
        }
        assertEquals(Set.of("\u732b", "\u72ac", "\u9ce5"), labels);
        assertTruthLogged(store().metrics(runId), truth);
        assertFalse(store().tags(runId).containsKey("autolog.renamed"), "letters of any script are kept");
    }

    @Test
    void savingTheModelOnJava25PrintsNoUnsafeWarningsAndTheModelLoadsBack() throws Exception {
        Path jdk25 = Jdks.jdk25OrSkip();
        ForkedJvm.Result result = ForkedJvm.withFramework("tribuo-4.3.2").javaHome(jdk25).in(dir)
                .store(dir.resolve("mlruns")).run(FIXTURE, "classify");

        Jdks.assertCleanOnJava25(result);
        RunInfo run = runs(store()).get(0);
        assertEquals(List.of("model/MLmodel", "model/model.ser", "model_provenance.json"),
                store().artifacts(run.runId()));
        ForkedJvm.Result loaded = ForkedJvm.withFramework("tribuo-4.3.2").javaHome(jdk25).withoutAgent()
                .run(FIXTURE, "load", run.dir().resolve("artifacts/model/model.ser").toString());
        assertEquals(List.of("org.tribuo.classification.sgd.linear.LinearSGDModel 4"), lines(loaded, "LOADED"),
                loaded::toString);
        assertEquals(lines(result, "SCORES"), lines(loaded, "SCORES"));
        assertFeatureColumnSignature(MlflowModels.assertMlmodel(run, "model", Set.of("signature")), result);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.3.2", "4.2.1"})
    void aDatasetReadFromAFileIsTheRunsInputWithTribuosHashAndTheEvaluationsDatasetIsEval(String version)
            throws Exception {
        ForkedJvm.Result result = train(version, "libsvm");

        assertNoAgentErrors(result);
        RunInfo run = runs(store()).get(0);
        List<DatasetInput> inputs = store().inputs(run.runId());
        assertEquals(List.of("eval|eval", "train|training"), inputs.stream().map(in -> in.name() + "|" + in.context())
                .toList(), inputs::toString);
        String file = result.first("DATASET_FILE");
        String hash = result.first("DATASET_HASH");
        // Tribuo's resource hash is the file's SHA-256
        assertEquals(java.util.HexFormat.of().withUpperCase().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(Path.of(file)))), hash);
        String[] shape = result.lines("DATASET_SHAPE").get(0);
        for (DatasetInput in : inputs) {
            assertEquals("local", in.sourceType());
            assertTrue(in.source().startsWith("{\"uri\": \"" + file + "\", \"resource_hash\": \"" + hash
                    + "\", \"provenance\": {"), in.source());
            assertTrue(in.source().contains("org.tribuo.datasource.LibSVMDataSource"), in.source());
        }
        DatasetInput train = inputs.get(1);
        String domain = shape[2].replace(",", "\", \"");
        assertEquals("{\"num_examples\": " + shape[0] + ", \"num_features\": " + shape[1] + ", \"num_outputs\": 2, "
                + "\"output_domain\": [\"" + domain + "\"]}", sortedDomain(train.profile()));
        String[] features = result.first("DATASET_FEATURES").split(",");
        assertEquals(2, features.length);
        assertEquals("{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"" + features[0] + "\"}, {\"type\": "
                + "\"double\", \"name\": \"" + features[1] + "\"}]}", train.schema());
        assertEquals("{\"num_examples\": \"" + shape[0] + "\", \"num_features\": \"" + shape[1] + "\", "
                + "\"num_outputs\": \"2\"}", inputs.get(0).profile());
    }

    /** The output domain in name order (Tribuo's domain is a set). */
    private static String sortedDomain(String profile) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"output_domain\": \\[(.*)]").matcher(profile);
        assertTrue(m.find(), profile);
        List<String> domain = new java.util.ArrayList<>(List.of(m.group(1).split(", ")));
        java.util.Collections.sort(domain);
        return profile.substring(0, m.start(1)) + String.join(", ", domain) + profile.substring(m.end(1));
    }

    @Test
    void regressionEvaluationLogsRmseMaeAndR2AndAClusteringsItsScoresWithoutAnAverage() throws Exception {
        ForkedJvm.Result result = train("4.3.2", "regression");

        assertNoAgentErrors(result);
        Map<String, RunInfo> byTrainer = runs(store()).stream()
                .collect(Collectors.toMap(r -> store().params(r.runId()).get("trainer"), r -> r));
        assertEquals(Set.of("org.tribuo.regression.sgd.linear.LinearSGDTrainer",
                "org.tribuo.clustering.kmeans.KMeansTrainer"), byTrainer.keySet());
        RunInfo run = byTrainer.get("org.tribuo.regression.sgd.linear.LinearSGDTrainer");
        Map<String, List<Metric>> metrics = store().metrics(run.runId());
        assertEquals(3, result.lines("TRUTH").size());
        assertTruthLogged(metrics, result.lines("TRUTH"));

        Map<String, List<Metric>> clustering = store().metrics(byTrainer.get(
                "org.tribuo.clustering.kmeans.KMeansTrainer").runId());
        assertEquals(Set.of("adjusted_mi", "normalized_mi"), clustering.keySet());
        assertTruthLogged(clustering, result.lines("CLUSTER_TRUTH"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.3.2", "4.2.1"})
    void anEnsembleIsOneRunNotOnePerMember(String version) throws Exception {
        ForkedJvm.Result result = train(version, "forest");

        assertNoAgentErrors(result);
        List<RunInfo> runs = runs(store());
        assertEquals(1, runs.size(), result::toString);
        Map<String, String> params = store().params(runs.get(0).runId());
        assertEquals("org.tribuo.common.tree.RandomForestTrainer", params.get("trainer"));
        assertEquals("5", params.get("numMembers"));
        assertEquals("org.tribuo.classification.dtree.CARTClassificationTrainer", params.get("innerTrainer.class-name"));
        assertTruthLogged(store().metrics(runs.get(0).runId()), result.lines("TRUTH"));
        // a forest has no ONNX export: the native flavor alone, with the feature and output columns
        Map<String, Object> mlmodel = MlflowModels.assertMlmodel(runs.get(0), "model", Set.of("signature"));
        assertEquals(Set.of("tribuo"), ((Map<?, ?>) mlmodel.get("flavors")).keySet());
        assertFeatureColumnSignature(mlmodel, result);
    }

    @Test
    void tribuosXGBoostTrainerIsOneTribuoRunAndNoXGBoostRun() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("tribuo-4.3.2")
                .classPath(ForkedJvm.FRAMEWORKS.resolve("tribuo-xgboost-4.3.2") + java.io.File.separator + "*")
                .in(dir).store(dir.resolve("mlruns")).run("dev.autolog.it.fixtures.TribuoXGBoostTraining");

        assertNoAgentErrors(result);
        List<RunInfo> runs = runs(store());
        assertEquals(1, runs.size(), result::toString);
        assertEquals("tribuo", store().tags(runs.get(0).runId()).get("mlflow.autologging"));
        Map<String, String> params = store().params(runs.get(0).runId());
        assertEquals("org.tribuo.classification.xgboost.XGBoostClassificationTrainer", params.get("trainer"));
        assertEquals("5", params.get("numTrees"), params::toString);
        assertTruthLogged(store().metrics(runs.get(0).runId()), result.lines("TRUTH"));
    }

    @Test
    void crossValidationIsOneRunWithEachFoldAtItsStepAndTheMean() throws Exception {
        ForkedJvm.Result result = train("4.3.2", "cv");

        assertNoAgentErrors(result);
        List<RunInfo> runs = runs(store());
        assertEquals(1, runs.size(), result::toString);
        Map<String, List<Metric>> metrics = store().metrics(runs.get(0).runId());
        assertTruthLogged(metrics, result.lines("TRUTH"));
        assertEquals(List.of(0L, 1L, 2L), metrics.get("accuracy").stream().map(Metric::step).toList());
        assertEquals("3", store().params(runs.get(0).runId()).get("cv.num_folds"));
        assertEquals(SGD, store().params(runs.get(0).runId()).get("trainer"));
    }

    @Test
    void aSequenceTrainerIsOneRunWhoseDatasetCountsItsSequencesAndWhoseEvaluationIsLoggedInIt() throws Exception {
        ForkedJvm.Result result = train("4.3.2", "crf");

        assertNoAgentErrors(result);
        List<RunInfo> runs = runs(store());
        assertEquals(1, runs.size(), result::toString);
        Map<String, String> params = store().params(runs.get(0).runId());
        assertEquals("org.tribuo.classification.sgd.crf.CRFTrainer", params.get("trainer"));
        assertEquals(result.first("SEQUENCES"), params.get("dataset.num_examples"));
        // the CRF model's sequence evaluation lands in its run, named as a label evaluation's
        Map<String, List<Metric>> metrics = store().metrics(runs.get(0).runId());
        assertTruthLogged(metrics, result.lines("TRUTH"));
        assertEquals(List.of(0L), metrics.get("accuracy").stream().map(Metric::step).toList());
        List<DatasetInput> inputs = store().inputs(runs.get(0).runId());
        assertEquals(List.of("eval", "train"), inputs.stream().map(DatasetInput::name).sorted().toList());
        assertEquals("{\"num_examples\": " + result.first("SEQUENCES") + ", \"num_features\": 2, \"num_outputs\": 2, "
                + "\"output_domain\": [\"ENT\", \"O\"]}", inputs.stream().filter(i -> i.name().equals("train"))
                .findFirst().orElseThrow().profile());
    }

    @Test
    void aTrainingReplayedWithAnInvocationCountLogsTheCountTheModelRecords() throws Exception {
        ForkedJvm.Result result = train("4.3.2", "replay");

        assertNoAgentErrors(result);
        List<RunInfo> runs = runs(store());
        assertEquals(2, runs.size(), result::toString);
        assertEquals("7", result.first("INVOCATION"));
        assertEquals(Set.of("0", "7"), runs.stream()
                .map(r -> store().params(r.runId()).get("train-invocation-count")).collect(Collectors.toSet()));
    }

    @Test
    void failingTrainingIsAFailedRunAndTheExceptionReachesTheCallerUnchanged() throws Exception {
        ForkedJvm.Result withAgent = train("4.3.2", "fail");
        ForkedJvm.Result without = ForkedJvm.withFramework("tribuo-4.3.2").in(dir).withoutAgent().run(FIXTURE, "fail");

        assertNoAgentErrors(withAgent);
        assertTrue(without.first("CAUGHT").startsWith("java.lang.ClassCastException"), without::toString);
        assertEquals(without.stdout(), withAgent.stdout());
        assertEquals(RunStatus.FAILED, runs(store()).get(0).status());
    }

    @Test
    void concurrentTrainingsOnAThreadPoolGetOneRunEachNeverMixed() throws Exception {
        ForkedJvm.Result result = train("4.3.2", "threads");

        assertNoAgentErrors(result);
        Map<String, String> f1ByEpochs = result.lines("THREAD").stream()
                .collect(Collectors.toMap(l -> l[0], l -> l[1]));
        List<RunInfo> runs = runs(store());
        assertEquals(3, runs.size(), result::toString);
        Set<String> epochs = new TreeSet<>();
        for (RunInfo run : runs) {
            String e = store().params(run.runId()).get("epochs");
            epochs.add(e);
            List<Metric> f1 = store().metrics(run.runId()).get("f1_macro");
            assertEquals(1, f1.size());
            assertEquals(Double.parseDouble(f1ByEpochs.get(e)), f1.get(0).value(), "run trained for " + e + " epochs");
        }
        assertEquals(Set.of("1", "2", "3"), epochs);
    }

    @Test
    void anUnsupportedVersionLineIsSkippedWithOneWarning() throws Exception {
        ForkedJvm.Result withAgent = train("4.1.0", "threads");
        ForkedJvm.Result without = ForkedJvm.withFramework("tribuo-4.1.0").in(dir).withoutAgent()
                .run(FIXTURE, "threads");

        assertEquals(without.exitCode(), withAgent.exitCode(), withAgent::toString);
        assertEquals(new TreeSet<>(without.stdout().lines().toList()), new TreeSet<>(withAgent.stdout().lines().toList()));
        List<String> warnings = withAgent.warnings().stream().filter(w -> w.contains("tribuo")).toList();
        assertEquals(1, warnings.size(), withAgent::toString);
        assertTrue(warnings.get(0).contains("tribuo 4.1.0 is not a supported version line (supported: 4.2.x and 4.3.x)"),
                warnings.get(0));
        assertFalse(Files.exists(dir.resolve("mlruns/0")) && !runs(store()).isEmpty(), "no runs expected");
    }
}
