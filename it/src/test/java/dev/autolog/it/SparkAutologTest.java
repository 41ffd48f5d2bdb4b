package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertMetricsEqualTruth;
import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real Spark MLlib fits (local[2]) in a JVM with the real agent, on Spark 3.5 (Scala 2.12) and 4.1 (Scala 2.13).
 * One JVM per Spark line runs every scenario in one Spark session; the tests read its store.
 */
class SparkAutologTest {
    private static final String FIXTURE = "dev.autolog.it.fixtures.SparkTraining";
    private static final Map<String, Fitted> FITTED = new HashMap<>();

    @TempDir
    static Path dir;

    record Fitted(ForkedJvm.Result result, LocalStoreReader store, List<RunInfo> runs) {
        /** The runs whose fit was of {@code estimator} (a class name ending), in start order. */
        List<RunInfo> of(String estimator) {
            return runs.stream().filter(r -> store.tags(r.runId()).getOrDefault("spark.estimator", "")
                    .endsWith("." + estimator)).toList();
        }

        List<RunInfo> childrenOf(RunInfo parent) {
            return runs.stream().filter(r -> parent.runId().equals(store.tags(r.runId()).get("mlflow.parentRunId")))
                    .sorted((a, b) -> store.tags(a.runId()).get("autolog.tuning.rank")
                            .compareTo(store.tags(b.runId()).get("autolog.tuning.rank"))).toList();
        }

        /** {@code TRUTH <scenario> <key> <step> <value>} lines as {@code key step value}. */
        List<String[]> truth(String scenario) {
            return lines("TRUTH", scenario);
        }

        List<String[]> lines(String prefix, String scenario) {
            List<String[]> out = new ArrayList<>();
            for (String[] l : result.lines(prefix)) {
                if (l[0].equals(scenario)) {
                    out.add(java.util.Arrays.copyOfRange(l, 1, l.length));
                }
            }
            return out;
        }
    }

    static synchronized Fitted fitted(String version) throws Exception {
        if (!FITTED.containsKey(version)) {
            Path work = Files.createDirectories(dir.resolve(version));
            ForkedJvm.Result result = SparkJvm.with(version).in(work).store(work.resolve("mlruns"))
                    .property("autolog.spark.max.tuning.runs", "2")
                    .property("autolog.spark.ignore.packages", "com.example,dev.autolog.it.fixtures.ignored")
                    .run(FIXTURE, "pipeline", "fail", "cv", "parallel", "reload", "thirdparty", "table", "in-memory",
                            "unsavable");
            assertNoAgentErrors(result);
            LocalStoreReader store = new LocalStoreReader(work.resolve("mlruns"));
            FITTED.put(version, new Fitted(result, store, StoreAssertions.runs(store)));
        }
        return FITTED.get(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.5.6", "4.1.0"})
    void pipelineFitIsOneRunWithStageParamsSummaryMetricsTagsAndModel(String version) throws Exception {
        Fitted f = fitted(version);
        // the pipeline scenario's, then the unsavable one's
        List<RunInfo> pipelines = f.of("Pipeline");
        assertEquals(2, pipelines.size(), f.result()::toString);
        RunInfo run = pipelines.get(0);
        assertTrue(StoreAssertions.autoName("spark").matcher(run.runName()).matches(), run.runName());
        assertEquals(RunStatus.FINISHED, run.status());

        Map<String, String> expected = new TreeMap<>();
        f.lines("PARAM", "pipeline").forEach(p -> expected.put(p[0], p[1]));
        expected.put("stages", "VectorAssembler,LogisticRegression");
        assertEquals(expected, new TreeMap<>(f.store().params(run.runId())));
        assertEquals("0.01", expected.get("LogisticRegression.regParam"));
        assertEquals("[\"a1\",\"a2\"]", expected.get("VectorAssembler.inputCols"));

        Map<String, List<Metric>> metrics = f.store().metrics(run.runId());
        // the training area is opt-in (autolog.spark.training.area.under.roc): Spark's own sort of every score
        List<String[]> truth = f.truth("pipeline").stream().filter(t -> !t[0].equals("training_areaUnderROC"))
                .toList();
        assertEquals(keys(truth), metrics.keySet().stream().sorted().toList());
        assertMetricsEqualTruth(metrics, truth, "");
        assertEquals(metrics.values().stream().mapToInt(List::size).sum(), truth.size());
        assertTrue(metrics.get("objective_history").size() > 5);

        Map<String, String> tags = f.store().tags(run.runId());
        assertEquals("spark", tags.get("mlflow.autologging"));
        assertEquals(version, tags.get("autolog.framework.version"));
        assertEquals(version, tags.get("spark.version"));
        assertEquals(f.result().first("SCALA"), tags.get("spark.scala.version"));
        assertEquals(f.result().first("APP"), tags.get("spark.app.id"));
        assertEquals("autolog-spark-it", tags.get("spark.app.name"));
        assertEquals("local[2]", tags.get("spark.master"));
        assertEquals("client", tags.get("spark.submit.deployMode"));

        List<String> artifacts = f.store().artifacts(run.runId());
        assertTrue(artifacts.stream().anyMatch(a -> a.matches("model/sparkml/stages/1_logreg_[0-9a-f]+/data/.*"
                + "\\.parquet")), artifacts::toString);
        assertSparkMlflowModel(f, run, version, "pipeline");
        String metadataFile = artifacts.stream().filter(a -> a.startsWith("model/sparkml/metadata/part-00000")).findFirst()
                .orElseThrow(() -> new AssertionError("no model metadata in " + artifacts));
        String metadata = Files.readString(run.dir().resolve("artifacts").resolve(metadataFile));
        assertTrue(metadata.contains("\"uid\":\"" + f.result().lines("UID").get(0)[1] + "\""), metadata);

        // the training DataFrame read from Parquet, and the two DataFrames the model was evaluated on
        List<DatasetInput> inputs = f.store().inputs(run.runId());
        assertEquals(List.of("eval|eval|code", "eval|eval|spark", "train|training|spark"), inputs.stream()
                .map(in -> in.name() + "|" + in.context() + "|" + in.sourceType()).sorted().toList());
        DatasetInput train = inputs.stream().filter(in -> in.name().equals("train")).findFirst().orElseThrow();
        assertTrainingDataAsSparkReportsIt(f, train);
        assertTrue(inputs.stream().anyMatch(in -> in.name().equals("eval") && in.digest().equals(train.digest())
                && in.source().equals(train.source())), inputs::toString);
        DatasetInput test = inputs.stream().filter(in -> in.sourceType().equals("code")).findFirst().orElseThrow();
        assertTestDataAsSparkReportsIt(f, test);
    }

    /** Source, schema, profile and digest of the Parquet training data from what Spark reports in the fixture. */
    private static void assertTrainingDataAsSparkReportsIt(Fitted f, DatasetInput train) throws Exception {
        List<String> files = List.of(f.result().first("INPUT_FILES").split(","));
        assertTrue(files.size() >= 2 && files.stream().allMatch(p -> p.endsWith(".parquet")), files::toString);
        String filesJson = files.stream().map(p -> "\"" + p + "\"").collect(java.util.stream.Collectors.joining(", "));
        assertTrue(train.source().matches("\\{\"path\": \"file:/[^\"]+/train\\.parquet\", \"format\": \"parquet\", "
                + "\"files\": \\[" + java.util.regex.Pattern.quote(filesJson) + "], \"num_files\": " + files.size() + "}"),
                train.source());
        DatasetDescription truth = schemaAndShape(f, files.size());
        assertEquals(truth.schemaJson(), train.schema());
        assertEquals("{\"num_columns\": 4, \"num_files\": " + files.size() + "}", train.profile());
        // every fit and evaluation of the training DataFrame in the JVM names it by one digest
        RunInfo pipeline = f.of("Pipeline").get(0);
        assertEquals(f.store().inputs(pipeline.runId()).stream().filter(in -> in.name().equals("train")).findFirst()
                .orElseThrow().digest(), train.digest());
    }

    private static void assertTestDataAsSparkReportsIt(Fitted f, DatasetInput test) {
        assertTrue(test.source().endsWith(", \"in_memory\": \"LocalRelation\"}"), test.source());
        assertEquals(schemaAndShape(f, 0).schemaJson(), test.schema());
        // the cross-validated model was evaluated on the same test DataFrame
        DatasetInput cvEval = f.store().inputs(f.of("CrossValidator").get(0).runId()).stream()
                .filter(in -> in.name().equals("eval")).findFirst().orElseThrow();
        assertEquals(test.digest(), cvEval.digest());
        assertNotEquals(test.digest(), f.store().inputs(f.of("Pipeline").get(0).runId()).stream()
                .filter(in -> in.name().equals("train")).findFirst().orElseThrow().digest());
    }

    /** The schema Spark printed ({@code SCHEMA a1:double,...}); all its columns are doubles, MLflow's type too. */
    private static DatasetDescription schemaAndShape(Fitted f, int files) {
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (String column : f.result().first("SCHEMA").split(",")) {
            names.add(column.split(":")[0]);
            types.add(column.split(":")[1]);
        }
        DatasetDescription d = DatasetDescription.inMemory().columns(names, types).profile("num_columns", names.size());
        return files == 0 ? d : d.profile("num_files", files);
    }

    /**
     * The model directory is an MLflow Model with the {@code spark} flavor over {@code sparkml} (§2.2), whose
     * signature is the raw columns the pipeline reads; Spark's own {@code PipelineModel.load} reads it back and
     * predicts exactly what the fitted model predicted.
     */
    @SuppressWarnings("unchecked")
    private static void assertSparkMlflowModel(Fitted f, RunInfo run, String version, String scenario)
            throws Exception {
        Map<String, Object> mlmodel = MlflowModels.assertMlmodel(run, "model", java.util.Set.of("signature"));
        Map<String, Object> spark = new HashMap<>();
        spark.put("code", null);
        spark.put("model_class", "pyspark.ml.pipeline.PipelineModel");
        spark.put("model_data", "sparkml");
        spark.put("pyspark_version", version);
        assertEquals(Map.of("spark", spark, "python_function", MlflowModels.pythonFunction("mlflow.spark", "sparkml")), mlmodel.get("flavors"));
        assertEquals(List.of("a1:double", "a2:double"), MlflowModels.signatureInputs(mlmodel));
        MlflowModels.assertPythonEnvironment(run.dir().resolve("artifacts/model"), "pyspark==" + version);
        Map<String, Object> logged = MlflowModels.yaml(run.dir().getParent().resolve("models")
                .resolve((String) mlmodel.get("model_id")).resolve("meta.yaml"));
        assertEquals(2, logged.get("status"));
        List<String[]> reloaded = f.lines("RELOADED", scenario);
        assertEquals(1, reloaded.size(), f.result()::toString);
        assertEquals(f.lines("PREDICTIONS", scenario).get(0)[0], reloaded.get(0)[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.5.6", "4.1.0"})
    void failingFitIsFailedRunAndTheExceptionReachesTheCallerUnchanged(String version) throws Exception {
        Fitted f = fitted(version);
        String caught = version.startsWith("3.")
                ? "java.lang.IllegalArgumentException: nope does not exist. Available: a1, a2, label, y"
                : "org.apache.spark.SparkIllegalArgumentException: [FIELD_NOT_FOUND] No such struct field `nope` in "
                        + "`a1`, `a2`, `label`, `y`. SQLSTATE: 42704";
        assertTrue(f.result().stdout().contains("CAUGHT " + caught + "\n"), f.result()::toString);
        List<RunInfo> failed = f.runs().stream().filter(r -> r.status() == RunStatus.FAILED).toList();
        assertEquals(1, failed.size());
        assertEquals("nope", f.store().params(failed.get(0).runId()).get("featuresCol"));
        assertEquals(List.of(), f.store().artifacts(failed.get(0).runId()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.5.6", "4.1.0"})
    void crossValidatorIsParentWithBestFirstCappedChildRunsAndItsLaterEvaluation(String version) throws Exception {
        Fitted f = fitted(version);
        RunInfo parent = f.of("CrossValidator").get(0);
        Map<String, String> params = f.store().params(parent.runId());
        assertEquals("2", params.get("numFolds"));
        assertEquals("7", params.get("seed"));
        assertEquals("3", params.get("grid_size"));
        assertEquals("Pipeline", params.get("estimator"));
        assertEquals("BinaryClassificationEvaluator", params.get("evaluator"));
        assertEquals("areaUnderROC", params.get("evaluator.metricName"));
        assertEquals("VectorAssembler,LogisticRegression", params.get("stages"));
        assertEquals("2", params.get("tuning.child_runs"));

        List<String[]> candidates = f.lines("CANDIDATE", "cv");
        List<String[]> bestFirst = new ArrayList<>(candidates);
        bestFirst.sort((a, b) -> Double.compare(Double.parseDouble(b[1]), Double.parseDouble(a[1])));
        assertEquals(bestFirst.get(0)[0], params.get("best_LogisticRegression.regParam"));
        Map<String, List<Metric>> metrics = f.store().metrics(parent.runId());
        assertEquals(Double.parseDouble(bestFirst.get(0)[1]), metrics.get("best_areaUnderROC").get(0).value());
        // the tuning fit's own evaluations are not post-training metrics; the evaluation after it is, at step 0
        assertEquals(1, metrics.get("areaUnderROC").size());
        assertMetricsEqualTruth(Map.of("areaUnderROC", metrics.get("areaUnderROC")), f.truth("cv"), "");
        // the CrossValidatorModel is saved wrapped in a PipelineModel, as mlflow.spark.load_model needs
        assertSparkMlflowModel(f, parent, version, "cv");

        List<RunInfo> children = f.childrenOf(parent);
        assertEquals(2, children.size());
        for (int i = 0; i < 2; i++) {
            RunInfo child = children.get(i);
            assertEquals(RunStatus.FINISHED, child.status());
            assertEquals(Map.of("LogisticRegression.regParam", bestFirst.get(i)[0]), f.store().params(child.runId()));
            assertEquals(Double.parseDouble(bestFirst.get(i)[1]),
                    f.store().metrics(child.runId()).get("areaUnderROC").get(0).value());
            assertEquals("spark", f.store().tags(child.runId()).get("mlflow.autologging"));
            List<DatasetInput> childInputs = f.store().inputs(child.runId());
            assertEquals(List.of("train"), childInputs.stream().map(DatasetInput::name).toList());
            assertTrainingDataAsSparkReportsIt(f, childInputs.get(0));
        }
        assertEquals(List.of("eval|eval|code", "train|training|spark"), f.store().inputs(parent.runId()).stream()
                .map(in -> in.name() + "|" + in.context() + "|" + in.sourceType()).toList());
        String csv = Files.readString(parent.dir().resolve("artifacts/" + "tuning_candidates.csv"));
        assertEquals(4, csv.lines().count(), csv);
        assertEquals("LogisticRegression.regParam,areaUnderROC", csv.lines().findFirst().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.5.6", "4.1.0"})
    void parallelTuningAndAConcurrentFitOnAnotherThreadNeverMix(String version) throws Exception {
        Fitted f = fitted(version);
        RunInfo tvs = f.of("TrainValidationSplit").get(0);
        assertEquals("2", f.store().params(tvs.runId()).get("parallelism"));
        assertEquals("4", f.store().params(tvs.runId()).get("grid_size"));
        List<String[]> candidates = new ArrayList<>(f.lines("CANDIDATE", "parallel"));
        candidates.sort((a, b) -> Double.compare(Double.parseDouble(a[1]), Double.parseDouble(b[1])));
        List<RunInfo> children = f.childrenOf(tvs);
        assertEquals(2, children.size());
        for (int i = 0; i < 2; i++) {
            Map<String, String> p = f.store().params(children.get(i).runId());
            assertEquals(candidates.get(i)[0], p.get("regParam") + "," + p.get("elasticNetParam"));
            assertEquals(Double.parseDouble(candidates.get(i)[1]),
                    f.store().metrics(children.get(i).runId()).get("rmse").get(0).value());
        }

        // the concurrent LinearRegression is exactly one run with its own params and metrics
        List<RunInfo> linear = f.of("LinearRegression");
        assertEquals(1, linear.size(), () -> f.runs().toString());
        Map<String, String> params = f.store().params(linear.get(0).runId());
        assertEquals("7", params.get("maxIter"));
        assertEquals("0.2", params.get("regParam"));
        Map<String, List<Metric>> metrics = f.store().metrics(linear.get(0).runId());
        List<String[]> truth = f.truth("concurrent");
        assertMetricsEqualTruth(metrics, truth, "");
        assertEquals(truth.size() - 2, metrics.get("objective_history").size());

        // pipeline, failed fit, cv parent + 2, tvs parent + 2, concurrent, third-party, table, in-memory, unsavable:
        // the pool threads' fits made no runs
        assertEquals(13, f.runs().size(), () -> f.runs().toString());
        assertNotEquals(f.store().params(tvs.runId()).get("best_regParam"), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.5.6", "4.1.0"})
    void aFitOnACatalogTableNamesTheTableAsSparkCatalogReportsItWithItsFiles(String version) throws Exception {
        Fitted f = fitted(version);
        List<RunInfo> scaler = f.of("StandardScaler");
        assertEquals(1, scaler.size(), () -> f.runs().toString());
        List<DatasetInput> inputs = f.store().inputs(scaler.get(0).runId());
        assertEquals(1, inputs.size(), inputs::toString);
        DatasetInput train = inputs.get(0);
        assertEquals("spark", train.sourceType());
        List<String> files = List.of(f.result().first("TABLE_FILES").split(","));
        String filesJson = files.stream().map(p -> "\"" + p + "\"").collect(java.util.stream.Collectors.joining(", "));
        assertTrue(train.source().matches("\\{\"path\": \"file:/[^\"]+/spark-warehouse/train_table\", \"format\": "
                + "\"parquet\", \"files\": \\[" + java.util.regex.Pattern.quote(filesJson) + "], \"num_files\": "
                + files.size() + ", \"table_name\": \"" + java.util.regex.Pattern.quote(f.result().first("TABLE"))
                + "\"}"), train.source());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.5.6", "4.1.0"})
    void aThirdPartyEstimatorIsOneRunWithDescribedParamsAndItsModelsEvaluationUnlessItsPackageIsIgnored(
            String version) throws Exception {
        Fitted f = fitted(version);
        List<RunInfo> runs = f.of("MeanEstimator");
        assertEquals(1, runs.size(), () -> f.runs().toString());
        RunInfo run = runs.get(0);
        assertEquals(RunStatus.FINISHED, run.status());
        assertEquals("dev.autolog.it.fixtures.thirdparty.MeanEstimator",
                f.store().tags(run.runId()).get("spark.estimator"));
        assertEquals(Map.of("labelCol", "label", "shrinkage", "0.5", "blob", "byte[16]", "handle", "java.lang.Object",
                "reference", "Dataset[4 columns]"), f.store().params(run.runId()));
        Map<String, List<Metric>> metrics = f.store().metrics(run.runId());
        assertEquals(List.of("rmse"), List.copyOf(metrics.keySet()));
        assertMetricsEqualTruth(metrics, f.truth("thirdparty"), "");
        assertEquals(List.of(), f.of("IgnoredMeanEstimator"), () -> f.runs().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.5.6", "4.1.0"})
    void aPipelineSparkCannotSaveIsARunWithoutAModelAndOneLineSayingWhy(String version) throws Exception {
        Fitted f = fitted(version);
        RunInfo run = f.of("Pipeline").get(1);
        assertEquals(RunStatus.FINISHED, run.status());
        assertEquals(Map.of("stages", "MeanEstimator", "MeanEstimator.labelCol", "label", "MeanEstimator.shrinkage",
                "0.2"), f.store().params(run.runId()));
        Map<String, List<Metric>> metrics = f.store().metrics(run.runId());
        assertEquals(List.of("rmse"), List.copyOf(metrics.keySet()));
        assertMetricsEqualTruth(metrics, f.truth("unsavable"), "");
        assertEquals(List.of(), f.store().artifacts(run.runId()));
        List<String> said = f.result().warnings().stream().filter(w -> w.contains("not logged")).toList();
        assertEquals(List.of("autolog: spark model not logged: Pipeline write will fail on this Pipeline because it "
                + "contains a stage which does not implement Writable. Non-Writable stage: "
                + f.result().first("UNSAVABLE_STAGE") + " of type class dev.autolog.it.fixtures.thirdparty.MeanModel; "
                + "the run has its params and metrics (said once)"), said);
    }

    /** A second Spark 3.5.6 JVM: a pipeline fit in a user run with system metrics, then the in-memory fit. */
    static synchronized Fitted systemMetrics() throws Exception {
        if (!FITTED.containsKey("system-metrics")) {
            Path work = Files.createDirectories(dir.resolve("system-metrics"));
            ForkedJvm.Result result = SparkJvm.with("3.5.6").in(work).store(work.resolve("mlruns"))
                    .property("autolog.system.metrics", "true").property("autolog.system.metrics.interval", "200ms")
                    .property("autolog.log.models", "false").property("autolog.spark.training.area.under.roc", "true")
                    .run(FIXTURE, "system-metrics", "in-memory");
            assertNoAgentErrors(result);
            LocalStoreReader store = new LocalStoreReader(work.resolve("mlruns"));
            FITTED.put("system-metrics", new Fitted(result, store, StoreAssertions.runs(store)));
        }
        return FITTED.get("system-metrics");
    }

    /**
     * The same rows assembled by a VectorAssembler in two fresh JVMs: Spark's {@code semanticHash} of that plan
     * differs (the UDF's function object, the expression ids), the dataset digest does not.
     */
    @org.junit.jupiter.api.Test
    void inMemoryRowsThroughAVectorAssemblerHaveTheSameDigestInAnotherJvm() throws Exception {
        DatasetInput here = inMemoryTrainingData(fitted("3.5.6"));
        DatasetInput there = inMemoryTrainingData(systemMetrics());
        assertEquals(here, there);
        assertTrue(here.source().endsWith(", \"in_memory\": \"LocalRelation\"}"), here.source());
        assertTrue(here.schema().contains("{\"type\": \"vector\", \"name\": \"features\"}"), here.schema());
    }

    /** Spark's training area costs a sort of every score: logged, exactly as Spark computed it, only when asked. */
    @org.junit.jupiter.api.Test
    void theTrainingAreaUnderRocIsSparksOwnAndLoggedOnlyWhenAsked() throws Exception {
        Fitted asked = systemMetrics();
        Map<String, List<Metric>> metrics = asked.store().metrics(inMemoryRun(asked).runId());
        assertTrue(metrics.containsKey("training_areaUnderROC"), metrics.keySet()::toString);
        assertMetricsEqualTruth(Map.of("training_areaUnderROC", metrics.get("training_areaUnderROC")),
                asked.truth("in-memory"), "");
        Fitted byDefault = fitted("3.5.6");
        Map<String, List<Metric>> without = byDefault.store().metrics(inMemoryRun(byDefault).runId());
        assertFalse(without.containsKey("training_areaUnderROC"), without.keySet()::toString);
        assertTrue(without.containsKey("training_accuracy"), without.keySet()::toString);
    }

    private static DatasetInput inMemoryTrainingData(Fitted f) {
        List<DatasetInput> inputs = f.store().inputs(inMemoryRun(f).runId());
        assertEquals(1, inputs.size(), inputs::toString);
        return inputs.get(0);
    }

    private static RunInfo inMemoryRun(Fitted f) {
        // the failed fit (featuresCol "nope") is a LogisticRegression too
        List<RunInfo> runs = f.of("LogisticRegression").stream().filter(r -> r.status() == RunStatus.FINISHED)
                .toList();
        assertEquals(1, runs.size(), () -> f.runs().toString());
        return runs.get(0);
    }

    @org.junit.jupiter.api.Test
    void onADriverTheExecutorsAggregateFromSparksStatusStoreJoinsTheSystemMetrics() throws Exception {
        Fitted f = systemMetrics();
        ForkedJvm.Result result = f.result();
        LocalStoreReader store = f.store();
        RunInfo run = StoreAssertions.runs(store).stream().filter(r -> r.runName().equals("system-metrics"))
                .findFirst().orElseThrow(() -> new AssertionError(result.toString()));
        Map<String, List<Metric>> metrics = store.metrics(run.runId());
        long fitEnd = Long.parseLong(result.first("FIT_END"));
        String[] afterFit = result.lines("EXECUTORS").get(0);
        String[] end = result.lines("EXECUTORS").get(1);
        List<String> keys = List.of("task_time_milliseconds", "gc_time_milliseconds", "shuffle_read_megabytes",
                "shuffle_write_megabytes");
        double[] scale = {1, 1, 1e6, 1e6};
        for (int i = 0; i < keys.size(); i++) {
            List<Metric> points = metrics.get("system/spark_executor_" + keys.get(i));
            assertTrue(points != null, keys.get(i) + " missing: " + metrics.keySet());
            // the second point published after the fit was read after the fit and before the fixture's last look
            Metric sample = points.stream().filter(p -> p.timestampMillis() > fitEnd).skip(1).findFirst()
                    .orElseThrow(() -> new AssertionError(points.toString()));
            double low = Long.parseLong(afterFit[i + 1]) / scale[i];
            double high = Long.parseLong(end[i + 1]) / scale[i];
            assertTrue(sample.value() >= low - 0.05 && sample.value() <= high + 0.05,
                    keys.get(i) + ": " + sample.value() + " not in [" + low + ", " + high + "]");
        }
        assertTrue(Long.parseLong(afterFit[1]) > 0, "the fit ran tasks");
        assertTrue(metrics.containsKey("system/jvm_heap_used_megabytes"));
    }

    @org.junit.jupiter.api.Test
    void anUnsupportedSparkLineIsSkippedWithOneWarningAndTheJobRunsUnchanged() throws Exception {
        Path work = Files.createDirectories(dir.resolve("3.4.4"));
        ForkedJvm.Result with = SparkJvm.with("3.4.4").in(work).store(work.resolve("mlruns")).run(FIXTURE, "pipeline");
        ForkedJvm.Result without = SparkJvm.with("3.4.4").withoutAgent().in(work).run(FIXTURE, "pipeline");

        assertEquals(0, with.exitCode(), with::toString);
        assertEquals(withoutRandomIds(without.stdout()), withoutRandomIds(with.stdout()));
        assertEquals(List.of("autolog: spark autologging skipped: spark-mllib 3.4.4 is not a supported version line "
                + "(supported: 3.5.x and 4.x)", StoreAssertions.CLEAN_SUMMARY), with.warnings());
        assertTrue(!Files.exists(work.resolve("mlruns")) || StoreAssertions.runs(
                new LocalStoreReader(work.resolve("mlruns"))).isEmpty(), with::toString);
    }

    /**
     * The fixture's output lines, sorted (Spark lists a param map in identity-hash order), without the application
     * id, model uid and the Parquet part files' names, which differ between any two runs.
     */
    private static List<String> withoutRandomIds(String stdout) {
        return stdout.lines().filter(l -> !l.startsWith("APP ") && !l.startsWith("UID ")
                && !l.startsWith("INPUT_FILES ")).sorted().toList();
    }

    private static List<String> keys(List<String[]> truth) {
        return new ArrayList<>(new TreeSet<>(truth.stream().map(t -> t[0]).toList()));
    }
}
