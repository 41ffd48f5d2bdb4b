package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertMetricsEqualTruth;
import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static dev.autolog.it.StoreAssertions.runs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.RunInfo;
import dev.autolog.dataset.DatasetDescription;
import dev.autolog.dataset.DatasetDigest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real XGBoost training in a JVM with the real agent, on every supported XGBoost4J line. */
class XGBoostAutologTest {
    private static final String FIXTURE = "dev.autolog.it.fixtures.XGBoostTraining";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    private ForkedJvm.Result train(String version, String scenario) throws Exception {
        return ForkedJvm.withFramework("xgboost-" + version).in(dir).store(dir.resolve("mlruns")).run(FIXTURE, scenario);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.7.6", "2.1.4", "3.0.4"})
    void trainingBecomesOneFinishedRunWithParamsMetricsTagsAndModel(String version) throws Exception {
        Files.createDirectories(dir.resolve(".git/refs/heads"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(dir.resolve(".git/refs/heads/main"), COMMIT + "\n");

        ForkedJvm.Result result = train(version, "plain");

        assertNoAgentErrors(result);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        List<RunInfo> runs = runs(store);
        assertEquals(1, runs.size(), result::toString);
        RunInfo run = runs.get(0);
        assertTrue(StoreAssertions.AUTO_NAME.matcher(run.runName()).matches(), run.runName());
        assertEquals(RunStatus.FINISHED, run.status());
        assertNotNull(run.endTime());

        assertEquals(Map.of("objective", "binary:logistic", "max_depth", "3", "eta", "0.3", "eval_metric", "logloss",
                "nthread", "1", "seed", "42", "num_boost_round", "10", "feature_groups", "[f0 f1, f2]",
                "feature_scales", "[1.0, 0.5]"), store.params(run.runId()));

        Map<String, List<Metric>> metrics = store.metrics(run.runId());
        assertEquals(List.of("test-logloss", "train-logloss"), metrics.keySet().stream().sorted().toList());
        for (List<Metric> points : metrics.values()) {
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), points.stream().map(Metric::step).toList());
        }
        assertMetricsEqualTruth(metrics, result.lines("TRUTH"), "");

        Map<String, String> tags = store.tags(run.runId());
        assertEquals(run.runName(), tags.get("mlflow.runName"));
        assertEquals("xgboost", tags.get("mlflow.autologging"));
        assertEquals(System.getProperty("user.name"), tags.get("mlflow.user"));
        assertEquals(FIXTURE, tags.get("mlflow.source.name"));
        assertEquals("LOCAL", tags.get("mlflow.source.type"));
        assertEquals(COMMIT, tags.get("mlflow.source.git.commit"));
        assertEquals(version, tags.get("autolog.framework.version"));

        assertEquals(List.of("feature_importance_weight.json", "model/MLmodel", "model/conda.yaml", "model/model.ubj",
                "model/python_env.yaml", "model/requirements.txt"), store.artifacts(run.runId()));
        Path artifacts = run.dir().resolve("artifacts");
        byte[] model = Files.readAllBytes(artifacts.resolve("model/model.ubj"));
        assertEquals('{', model[0]);
        assertTrue(new String(model, StandardCharsets.ISO_8859_1).contains("learner"));
        String importance = Files.readString(artifacts.resolve("feature_importance_weight.json"));
        assertEquals(String.join(" ", result.lines("IMPORTANCE").get(0)), importance);
        assertModelIsAnMlflowXGBoostModelThatLoadsAndPredictsLikeTheJvm(store, run, version, result);
        assertDatasetsAreTheWatchesAsXGBoostReportsThem(store.inputs(run.runId()), result);
    }

    /** Rows, columns and labels as the training JVM's DMatrix and Booster report them; digest as the README says. */
    private static void assertDatasetsAreTheWatchesAsXGBoostReportsThem(List<DatasetInput> inputs,
                                                                      ForkedJvm.Result result) {
        List<DatasetInput> expected = new java.util.ArrayList<>();
        for (String[] line : result.lines("DATASET")) {
            long rows = Long.parseLong(line[1]);
            int columns = Integer.parseInt(line[2]);
            float[] labels = labels(line[3]);
            List<String> names = java.util.stream.IntStream.range(0, columns).mapToObj(i -> "f" + i).toList();
            DatasetDescription d = DatasetDescription.inMemory()
                    .columns(names, java.util.Collections.nCopies(columns, "double"))
                    .profile("num_rows", rows).profile("num_columns", (long) columns).digestOf(labels);
            String context = line[0].equals("train") ? "training" : line[0];
            expected.add(new DatasetInput(line[0], DatasetDigest.of(d), "code",
                    "{\"tags\": {\"mlflow.user\": \"" + System.getProperty("user.name") + "\", \"mlflow.source.name\": \""
                            + FIXTURE + "\", \"mlflow.source.type\": \"LOCAL\"}}",
                    d.schemaJson(), "{\"num_rows\": " + rows + ", \"num_columns\": " + columns + "}", context));
        }
        assertEquals(2, expected.size(), result::toString);
        assertEquals(expected.stream().sorted(java.util.Comparator.comparing(DatasetInput::name)).toList(), inputs);
        assertEquals("{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"f0\"}, {\"type\": \"double\", "
                + "\"name\": \"f1\"}, {\"type\": \"double\", \"name\": \"f2\"}, {\"type\": \"double\", \"name\": \"f3\"}]}",
                inputs.get(0).schema());
        assertNotEquals(inputs.get(0).digest(), inputs.get(1).digest());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1.7.6, FILE?format=libsvm", "3.0.4, FILE?format=libsvm#FILE.cache"})
    void aMatrixReadFromAFileHasThatFileAsSourceAndItsContentInTheDigest(String version, String uri)
            throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-" + version).in(dir).store(dir.resolve("mlruns"))
                .run(FIXTURE, "from-file", uri);

        assertNoAgentErrors(result);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        Map<String, List<DatasetInput>> byDepth = new java.util.TreeMap<>();
        for (RunInfo run : runs(store)) {
            byDepth.put(store.params(run.runId()).get("max_depth"), store.inputs(run.runId()));
        }
        assertEquals(List.of("2", "3", "4"), List.copyOf(byDepth.keySet()), result::toString);
        Path trainFile = dir.resolve("train.libsvm").toRealPath();
        Path validFile = dir.resolve("valid.libsvm").toRealPath();
        assertEquals(fileInputs(result.lines("FILE2"), Files.readAllBytes(dir.resolve("train-first.libsvm")),
                trainFile, validFile), byDepth.get("2"));
        assertEquals(fileInputs(result.lines("FILE3"), Files.readAllBytes(trainFile), trainFile, validFile),
                byDepth.get("3"));
        assertNotEquals(byDepth.get("2").get(0).digest(), byDepth.get("3").get(0).digest(),
                "the file's content changed (labels and shape did not)");
        assertEquals(byDepth.get("3"), byDepth.get("4"), "the same content read again");
        assertEquals(byDepth.get("2").get(1), byDepth.get("3").get(1), "the validation file did not change");
    }

    private static float[] labels(String commaSeparated) {
        String[] text = commaSeparated.split(",");
        float[] labels = new float[text.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Float.parseFloat(text[i]);
        }
        return labels;
    }

    /**
     * The inputs of one training from files: {@code local} sources with the file's absolute path and format; rows,
     * columns and labels as XGBoost reported them; the digest over the file's size and bytes as the README says.
     */
    private List<DatasetInput> fileInputs(List<String[]> reported, byte[] trainBytes, Path trainFile,
                                          Path validFile) throws Exception {
        List<DatasetInput> expected = new java.util.ArrayList<>();
        for (String[] line : reported) {
            boolean train = line[0].equals("train");
            byte[] bytes = train ? trainBytes : Files.readAllBytes(validFile);
            long rows = Long.parseLong(line[1]);
            int columns = Integer.parseInt(line[2]);
            float[] labels = labels(line[3]);
            String path = (train ? trainFile : validFile).toString();
            DatasetDescription d = DatasetDescription.file(path).sourceField("format", "libsvm")
                    .digestOf((long) bytes.length).digestOf(bytes).digestOf(new byte[0])
                    .columns(java.util.stream.IntStream.range(0, columns).mapToObj(i -> "f" + i).toList(),
                            java.util.Collections.nCopies(columns, "double"))
                    .profile("num_rows", rows).profile("num_columns", (long) columns).digestOf(labels);
            assertTrue(bytes.length < 64 * 1024, "the sample is the whole file");
            expected.add(new DatasetInput(line[0], DatasetDigest.of(d), "local",
                    "{\"uri\": \"" + path + "\", \"format\": \"libsvm\"}", d.schemaJson(),
                    "{\"num_rows\": " + rows + ", \"num_columns\": " + columns + "}", train ? "training" : "valid"));
        }
        assertEquals(2, expected.size());
        return expected;
    }

    /**
     * The model directory is an MLflow Model (§1, §2.1) with a LoggedModel (§4.5); XGBoost in this JVM and Python's
     * xgboost (Debian's python3-xgboost, as mlflow.xgboost loads it) predict from it exactly what the training JVM's
     * Booster predicted.
     */
    @SuppressWarnings("unchecked")
    private static void assertModelIsAnMlflowXGBoostModelThatLoadsAndPredictsLikeTheJvm(LocalStoreReader store,
            RunInfo run, String version, ForkedJvm.Result result) throws Exception {
        Path dir = run.dir().resolve("artifacts/model");
        Map<String, Object> mlmodel = MlflowModels.assertMlmodel(run, "model", java.util.Set.of("signature"));
        Map<String, Object> xgboost = new java.util.HashMap<>();
        xgboost.put("code", null);
        xgboost.put("data", "model.ubj");
        xgboost.put("model_class", "xgboost.core.Booster");
        xgboost.put("model_format", "ubj");
        xgboost.put("xgb_version", version);
        assertEquals(Map.of("xgboost", xgboost, "python_function", MlflowModels.pythonFunction("mlflow.xgboost", "model.ubj")), mlmodel.get("flavors"));
        assertEquals(Files.size(dir.resolve("model.ubj")), ((Number) mlmodel.get("model_size_bytes")).longValue());
        assertEquals(List.of("f0:double", "f1:double", "f2:double", "f3:double"), MlflowModels.signatureInputs(mlmodel));
        assertEquals(List.of(Map.of("type", "tensor", "tensor-spec", Map.of("dtype", "float32", "shape", List.of(-1)))),
                MlflowModels.signatureOutputs(mlmodel));
        MlflowModels.assertPythonEnvironment(dir, "xgboost==" + version);
        MlflowModels.assertLoggedModel(store, run, (String) mlmodel.get("model_id"), "model", 2,
                store.params(run.runId()));

        List<String> rows = result.lines("ROW").stream().map(r -> String.join(" ", r)).toList();
        List<Float> predicted = result.lines("PREDICTED").stream().map(p -> Float.parseFloat(p[0])).toList();
        assertEquals(5, predicted.size(), result::toString);
        float[] x = new float[rows.size() * 4];
        for (int i = 0; i < rows.size(); i++) {
            String[] values = rows.get(i).split(" ");
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = Float.parseFloat(values[j]);
            }
        }
        float[][] reloaded = ml.dmlc.xgboost4j.java.XGBoost.loadModel(dir.resolve("model.ubj").toString())
                .predict(new ml.dmlc.xgboost4j.java.DMatrix(x, rows.size(), 4, Float.NaN));
        assertEquals(predicted, java.util.Arrays.stream(reloaded).map(p -> p[0]).toList());
        assertEquals(predicted, PythonXGBoost.predict(dir, rows));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.7.6", "2.1.4", "3.0.4"})
    void earlyStoppingLogsBestAndStoppedIteration(String version) throws Exception {
        ForkedJvm.Result result = train(version, "early-stopping");

        assertNoAgentErrors(result);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        RunInfo run = runs(store).get(0);
        Map<String, List<Metric>> metrics = store.metrics(run.runId());
        int rounds = Integer.parseInt(result.first("ROUNDS"));
        assertTrue(rounds < 200, "early stopping did not trigger: " + rounds);
        assertEquals(rounds, metrics.get("train-logloss").size());
        assertMetricsEqualTruth(metrics, result.lines("TRUTH"), "");
        assertEquals(Double.parseDouble(result.first("BEST_ITERATION")), metrics.get("best_iteration").get(0).value());
        assertEquals(rounds - 1, metrics.get("stopped_iteration").get(0).value());
        assertEquals("3", store.params(run.runId()).get("early_stopping_rounds"));
        assertEquals("200", store.params(run.runId()).get("num_boost_round"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.7.6", "3.0.4"})
    void customEvaluationIsNamedByItsMetric(String version) throws Exception {
        ForkedJvm.Result result = train(version, "custom-eval");

        assertNoAgentErrors(result);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        Map<String, List<Metric>> metrics = store.metrics(runs(store).get(0).runId());
        assertEquals(List.of("test-error_rate", "train-error_rate"), metrics.keySet().stream().sorted().toList());
        assertEquals(5, metrics.get("test-error_rate").size());
        assertMetricsEqualTruth(metrics, result.lines("TRUTH"), "");
    }

    @org.junit.jupiter.api.Test
    void aCustomEvaluationNamedWithCharactersMlflowRejectsKeepsBothSeriesUnderMappedKeys() throws Exception {
        ForkedJvm.Result result = train("3.0.4", "macro-f1");

        assertNoAgentErrors(result);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        RunInfo run = runs(store).get(0);
        Map<String, List<Metric>> metrics = store.metrics(run.runId());
        assertEquals(List.of("test-f1_macro_", "train-f1_macro_"), metrics.keySet().stream().sorted().toList());
        List<String[]> truth = result.lines("TRUTH").stream()
                .map(t -> new String[] {t[0].replace("f1(macro)", "f1_macro_"), t[1], t[2]}).toList();
        assertEquals(8, truth.size());
        assertMetricsEqualTruth(metrics, truth, "");
        assertEquals(4, metrics.get("train-f1_macro_").size());
        assertEquals("train-f1(macro) \u2192 train-f1_macro_\ntest-f1(macro) \u2192 test-f1_macro_",
                store.tags(run.runId()).get("autolog.renamed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.7.6", "2.1.4", "3.0.4"})
    void eachPublicOverloadGivesExactlyOneRun(String version) throws Exception {
        ForkedJvm.Result result = train(version, "overloads");

        assertNoAgentErrors(result);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        List<RunInfo> runs = runs(store);
        assertEquals(3, runs.size(), result::toString);
        for (RunInfo run : runs) {
            assertEquals(RunStatus.FINISHED, run.status());
            assertEquals(3, store.metrics(run.runId()).get("train-logloss").size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.7.6", "3.0.4"})
    void failingTrainingIsFailedRunAndTheExceptionReachesTheCallerUnchanged(String version) throws Exception {
        ForkedJvm.Result withAgent = train(version, "fail");
        ForkedJvm.Result without = ForkedJvm.withFramework("xgboost-" + version).in(dir).withoutAgent()
                .run(FIXTURE, "fail");

        assertNoAgentErrors(withAgent);
        assertTrue(without.first("CAUGHT").startsWith("ml.dmlc.xgboost4j.java.XGBoostError"), without::toString);
        assertEquals(without.lines("CAUGHT").get(0)[0], withAgent.lines("CAUGHT").get(0)[0]);
        assertEquals(withoutClock(without.lines("CAUGHT").get(0)), withoutClock(withAgent.lines("CAUGHT").get(0)));
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        assertEquals(RunStatus.FAILED, runs(store).get(0).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.0.4"})
    void unwritableStoreGivesOneWarningAndTrainingIsUnaffected(String version) throws Exception {
        Path notADirectory = dir.resolve("file");
        Files.writeString(notADirectory, "x");
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-" + version).in(dir)
                .store(notADirectory.resolve("mlruns")).run(FIXTURE, "plain");
        ForkedJvm.Result without = ForkedJvm.withFramework("xgboost-" + version).in(dir).withoutAgent()
                .run(FIXTURE, "plain");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(without.stdout(), result.stdout());
        List<String> storeWarnings = result.warnings().stream().filter(w -> w.contains("cannot ")).toList();
        assertEquals(1, storeWarnings.size(), result::toString);
        assertTrue(storeWarnings.get(0).contains(notADirectory.toString()), storeWarnings.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"autolog.enabled=false", "autolog.integration.xgboost.enabled=false"})
    void switchedOffNothingIsRecorded(String setting) throws Exception {
        String[] kv = setting.split("=");
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(dir.resolve("mlruns"))
                .property(kv[0], kv[1]).run(FIXTURE, "plain");

        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(Files.exists(dir.resolve("mlruns")) && !runs(new LocalStoreReader(dir.resolve("mlruns"))).isEmpty(),
                result::toString);
    }

    @org.junit.jupiter.api.Test
    void unsupportedVersionIsSkippedWithOneWarningAndTrainsUnchanged() throws Exception {
        ForkedJvm.Result result = train("0.90", "plain");
        ForkedJvm.Result without = ForkedJvm.withFramework("xgboost-0.90").in(dir).withoutAgent().run(FIXTURE, "plain");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(without.stdout(), result.stdout());
        assertEquals(List.of("autolog: xgboost autologging skipped: xgboost4j 0.90 has no "
                + "XGBoost.trainAndSaveCheckpoint with 12 parameters (supported: 1.7.x, 2.x and 3.0.x)",
                StoreAssertions.CLEAN_SUMMARY), result.warnings());
        assertFalse(Files.exists(dir.resolve("mlruns")));
    }

    @org.junit.jupiter.api.Test
    void modelAndImportanceCanBeSwitchedOff() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(dir.resolve("mlruns"))
                .agentArgs("log.models=false,xgboost.log.feature.importance=false,log.datasets=false")
                .run(FIXTURE, "plain");

        assertNoAgentErrors(result);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        RunInfo run = runs(store).get(0);
        assertEquals(List.of(), store.artifacts(run.runId()));
        assertEquals(List.of(), store.inputs(run.runId()));
        assertFalse(Files.exists(run.dir().getParent().resolve("datasets")));
        assertEquals(20, store.metrics(run.runId()).values().stream().mapToInt(List::size).sum());
    }

    @org.junit.jupiter.api.Test
    void badConfigurationIsOneLinePerProblemAndTrainingIsStillTracked() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(dir.resolve("mlruns"))
                .property("autolog.flush.timeout", "soon").property("autolog.colour", "blue")
                .property("autolog.registered.model.name", "team/xgb").run(FIXTURE, "plain");

        assertNoAgentErrors(result);
        List<String> problems = result.warnings().stream().filter(w -> !w.equals(StoreAssertions.CLEAN_SUMMARY))
                .toList();
        assertEquals(3, problems.size(), result::toString);
        assertTrue(problems.stream().anyMatch(w -> w.contains("autolog.flush.timeout=soon")), problems::toString);
        assertTrue(problems.stream().anyMatch(w -> w.contains("unknown key autolog.colour")), problems::toString);
        assertTrue(problems.contains("autolog: ignoring autolog.registered.model.name=team/xgb: a registered model "
                + "name must not contain '/', ':', '%' or '\\' nor be '.' or '..'; models are logged but not "
                + "registered"), problems::toString);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        assertEquals(1, runs(store).size());
        assertTrue(store.artifacts(runs(store).get(0).runId()).contains("model/MLmodel"));
        assertFalse(Files.exists(dir.resolve("mlruns/models")), "nothing registered");
    }

    @org.junit.jupiter.api.Test
    void aFileUriWithAHostIsOneLineAndTheRunGoesToTheLocalMlruns() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").in(dir)
                .property("autolog.tracking.uri", "file://host/x").run(FIXTURE, "plain");

        assertNoAgentErrors(result);
        assertEquals(List.of("autolog: tracking URI file://host/x is not supported (a file: URI with a host names a"
                + " directory on another machine; accepted: a directory path, a file: URI or http(s)://host:port of an"
                + " MLflow tracking server); runs go to " + dir.resolve("mlruns").toAbsolutePath() + " instead"),
                result.warnings().stream().filter(w -> !w.equals(StoreAssertions.CLEAN_SUMMARY)).toList());
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        assertEquals(1, runs(store).size());
        assertEquals(20, store.metrics(runs(store).get(0).runId()).values().stream().mapToInt(List::size).sum());
    }

    /**
     * Each of three runs registers its model as the next version of the configured registered model, in MLflow's
     * file registry layout, with the run id and framework as version tags; the store's readers see three runs.
     */
    @org.junit.jupiter.api.Test
    void everyLoggedModelBecomesTheNextVersionOfTheRegisteredModel() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(dir.resolve("mlruns"))
                .property("autolog.registered.model.name", "jvm-xgb").run(FIXTURE, "overloads");

        assertNoAgentErrors(result);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        List<RunInfo> runs = runs(store);
        assertEquals(3, runs.size(), result::toString);
        assertEquals(List.of("0"), store.experiments().stream().map(e -> e.id()).toList());
        Path registered = dir.resolve("mlruns/models/jvm-xgb");
        Map<String, Object> model = MlflowModels.yaml(registered.resolve("meta.yaml"));
        assertEquals("jvm-xgb", model.get("name"));
        assertEquals(List.of("meta.yaml", "version-1", "version-2", "version-3"),
                Files.list(registered).map(p -> p.getFileName().toString()).sorted().toList());
        java.util.Set<String> registeredRuns = new java.util.TreeSet<>();
        for (int v = 1; v <= 3; v++) {
            Path version = registered.resolve("version-" + v);
            Map<String, Object> meta = MlflowModels.yaml(version.resolve("meta.yaml"));
            String runId = (String) meta.get("run_id");
            RunInfo run = store.run(runId).orElseThrow();
            Map<String, Object> mlmodel = MlflowModels.yaml(run.dir().resolve("artifacts/model/MLmodel"));
            String source = run.dir().resolve("artifacts/model").toUri().toString().replaceAll("/$", "");
            assertEquals(v, meta.get("version"));
            assertEquals("jvm-xgb", meta.get("name"));
            assertEquals(source, meta.get("source"));
            assertEquals(source, meta.get("storage_location"));
            assertEquals("READY", meta.get("status"));
            assertEquals("None", meta.get("current_stage"));
            assertEquals(mlmodel.get("model_id"), meta.get("model_id"));
            assertEquals(Map.of("autolog.framework", "xgboost", "autolog.run_id", runId),
                    MlflowModels.texts(version.resolve("tags")));
            registeredRuns.add(runId);
        }
        assertEquals(runs.stream().map(RunInfo::runId).collect(java.util.stream.Collectors.toCollection(
                java.util.TreeSet::new)), registeredRuns);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.7.6", "3.0.4"})
    void scalaApiTrainingIsOneRun(String version) throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-" + version).in(dir).store(dir.resolve("mlruns"))
                .run("dev.autolog.it.fixtures.ScalaApiTraining");

        assertNoAgentErrors(result);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        List<RunInfo> runs = runs(store);
        assertEquals(1, runs.size(), result::toString);
        assertEquals("6", store.params(runs.get(0).runId()).get("num_boost_round"));
        assertEquals(6, store.metrics(runs.get(0).runId()).get("train-logloss").size());
        assertMetricsEqualTruth(store.metrics(runs.get(0).runId()), result.lines("TRUTH"), "");
    }

    @org.junit.jupiter.api.Test
    void jvmExitDuringTrainingEndsTheRunKilledWithWhatWasLogged() throws Exception {
        ForkedJvm.Result result = train("3.0.4", "exit-during-training");

        assertEquals(3, result.exitCode(), result::toString);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        RunInfo run = runs(store).get(0);
        assertEquals(RunStatus.KILLED, run.status());
        assertEquals(2, store.metrics(run.runId()).get("train-error_rate").size(), "rounds 0 and 1 completed");
    }

    @org.junit.jupiter.api.Test
    void agentWorksOnJava25WithoutPrintingAnythingOfItsOwn() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").javaHome(Jdks.jdk25OrSkip()).in(dir)
                .store(dir.resolve("mlruns")).run(FIXTURE, "plain");

        Jdks.assertCleanOnJava25(result);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        assertEquals(20, store.metrics(runs(store).get(0).runId()).values().stream().mapToInt(List::size).sum());
    }

    @org.junit.jupiter.api.Test
    void concurrentTrainingsOnSeveralThreadsGetOneRunEachAndNeverMix() throws Exception {
        ForkedJvm.Result result = train("3.0.4", "parallel");

        assertNoAgentErrors(result);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        List<RunInfo> runs = runs(store);
        assertEquals(3, runs.size(), result::toString);
        for (RunInfo run : runs) {
            String depth = store.params(run.runId()).get("max_depth");
            Map<String, List<Metric>> metrics = store.metrics(run.runId());
            assertEquals(8, metrics.get("train-logloss").size());
            assertMetricsEqualTruth(metrics, result.lines("TRUTH" + depth), "");
        }
    }

    /** XGBoost prefixes native messages with the wall-clock time ("[04:27:42] ..."), which differs between the two JVMs. */
    private static String withoutClock(String[] fields) {
        return String.join(" ", fields).replaceAll("\\[\\d{2}:\\d{2}:\\d{2}\\] ", "");
    }
}
