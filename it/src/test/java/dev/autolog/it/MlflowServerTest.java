package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.RunInfo;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import dev.autolog.backend.mlflow.testserver.MlflowState;
import dev.autolog.backend.mlflow.testserver.ModelEndpoints;
import dev.autolog.backend.mlflow.testserver.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real XGBoost training in a JVM with the real agent jar, tracked to an MLflow-speaking server on loopback. */
class MlflowServerTest {
    private static final String TRAINING = "dev.autolog.it.fixtures.XGBoostTraining";
    private static final String SLOW = "dev.autolog.it.fixtures.SlowXGBoostTraining";
    private static final String TOKEN = "tok-3f9a7c1e55d2";

    @TempDir
    Path dir;
    private FakeMlflowServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ForkedJvm jvm(String framework) {
        return ForkedJvm.withFramework(framework).in(dir).property("autolog.tracking.uri", server.uri())
                .env("MLFLOW_TRACKING_TOKEN", TOKEN);
    }

    /** Points as "key@step=value" with XGBoost's float precision, sorted. */
    private static List<String> truth(ForkedJvm.Result result) {
        return result.lines("TRUTH").stream().map(t -> t[0] + "@" + t[1] + "=" + Float.parseFloat(t[2])).sorted().toList();
    }

    private static List<String> onServer(MlflowState.Run run, String suffix) {
        List<String> out = new ArrayList<>();
        run.metrics().forEach((key, points) -> {
            if (key.endsWith(suffix)) {
                points.forEach(p -> out.add(key + "@" + p.step() + "=" + (float) p.value()));
            }
        });
        return out.stream().sorted().toList();
    }

    /** The server's points equal the spool's, timestamps included: each point keeps the moment it was captured. */
    private static void assertSameAsSpool(LocalStoreReader spool, String localRunId, MlflowState.Run run) {
        Map<String, List<MlflowState.Point>> expected = new TreeMap<>();
        spool.metrics(localRunId).forEach((key, points) -> expected.put(key, MlflowState.inStepOrder(
                points.stream().map((Metric m) -> new MlflowState.Point(m.value(), m.timestampMillis(), m.step())).toList())));
        Map<String, List<MlflowState.Point>> actual = new TreeMap<>();
        run.metrics().forEach((key, points) -> actual.put(key, MlflowState.inStepOrder(points)));
        assertEquals(expected, actual);
    }

    private static void assertNoSecret(ForkedJvm.Result result, String secret) {
        assertFalse(result.stdout().contains(secret) || result.stderr().contains(secret), result::toString);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void anHttpsServerIsTrustedThroughTheJvmsTrustStore() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create(Files.createDirectories(dir.resolve("certs")));
        server = FakeMlflowServer.startHttps(cert.serverContext());

        ForkedJvm.Result result = jvm("xgboost-3.0.4").property("javax.net.ssl.trustStore", cert.keyStore().toString())
                .property("javax.net.ssl.trustStorePassword", cert.password())
                .property("javax.net.ssl.trustStoreType", "PKCS12").run(TRAINING, "plain");

        assertNoAgentErrors(result);
        assertEquals(1, server.state().runs().size(), result::toString);
        MlflowState.Run run = server.state().runs().get(0);
        assertEquals(truth(result), onServer(run, ""));
        assertEquals("FINISHED", run.status);
    }

    @Test
    void trainingArrivesOnTheServerWithExactParamsEveryPointStatusArtifactsAndItsModelAsARegisteredLoggedModel()
            throws Exception {
        server = FakeMlflowServer.start(true);
        server.requireAuthorization("Bearer " + TOKEN);

        ForkedJvm.Result result = jvm("xgboost-3.0.4").property("autolog.registered.model.name", "jvm-xgb")
                .run(TRAINING, "plain");

        assertNoAgentErrors(result);
        assertNoSecret(result, TOKEN);
        MlflowState.Run run = server.state().runs().get(0);
        assertEquals(1, server.state().runs().size());
        assertEquals(Map.of("objective", "binary:logistic", "max_depth", "3", "eta", "0.3", "eval_metric", "logloss",
                "nthread", "1", "seed", "42", "num_boost_round", "10", "feature_groups", "[f0 f1, f2]",
                "feature_scales", "[1.0, 0.5]"), run.params);
        assertEquals(truth(result), onServer(run, ""));
        assertEquals(20, run.pointsReceived, "each point once, for the run and its model together");
        assertEquals("FINISHED", run.status);
        assertTrue(StoreAssertions.AUTO_NAME.matcher(run.runName).matches(), run.runName);
        assertEquals("xgboost", run.tags.get("mlflow.autologging"));
        assertEquals(System.getProperty("user.name"), run.userId);

        LocalStoreReader spool = new LocalStoreReader(dir.resolve("mlruns"));
        RunInfo local = StoreAssertions.runs(spool).get(0);
        assertSameAsSpool(spool, local.runId(), run);
        assertEquals(local.startTime(), run.startTime);
        assertEquals(local.endTime(), run.endTime);
        String runFiles = run.experimentId + "/" + run.runId + "/artifacts/";
        assertArrayEquals(Files.readAllBytes(local.dir().resolve("artifacts/feature_importance_weight.json")),
                server.state().artifacts().get(runFiles + "feature_importance_weight.json"));
        assertTrue(server.requests().stream().allMatch(r -> ("Bearer " + TOKEN).equals(r.authorization())));

        // MLflow 3: the model is a READY LoggedModel of the run, its files at its own location (not again under the
        // run), its metrics the training's, and it is version 1 of the registered model
        ModelEndpoints.LoggedModel model = server.models().loggedModels().get(0);
        assertEquals(1, server.models().loggedModels().size());
        assertEquals("model", model.name);
        assertEquals(run.runId, model.sourceRunId);
        assertEquals("LOGGED_MODEL_READY", model.status);
        assertEquals(List.of(model.modelId), server.models().outputsOf(run.runId));
        String modelFiles = run.experimentId + "/models/" + model.modelId + "/artifacts/";
        for (String file : List.of("model.ubj", "requirements.txt", "python_env.yaml", "conda.yaml")) {
            assertArrayEquals(Files.readAllBytes(local.dir().resolve("artifacts/model").resolve(file)),
                    server.state().artifacts().get(modelFiles + file), file);
        }
        for (String file : List.of("model.ubj", "MLmodel")) {
            assertFalse(server.state().artifacts().containsKey(runFiles + "model/" + file), "sent twice: " + file);
        }
        String mlmodel = new String(server.state().artifacts().get(modelFiles + "MLmodel"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(mlmodel.contains("model_id: " + model.modelId) && mlmodel.contains("run_id: " + run.runId), mlmodel);
        List<String> modelPoints = new ArrayList<>();
        model.metrics.forEach((key, points) -> points.forEach(p -> modelPoints.add(key + "@" + p.step() + "="
                + (float) p.value())));
        assertEquals(truth(result), modelPoints.stream().sorted().toList());
        ModelEndpoints.Version version = server.models().versions("jvm-xgb").get(0);
        assertEquals(1, server.models().versions("jvm-xgb").size());
        assertEquals(1, version.version());
        assertEquals("models:/" + model.modelId, version.source());
        assertEquals(model.modelId, version.modelId());
        assertEquals(run.runId, version.tags().get("autolog.run_id"));
    }

    @Test
    void onAnMlflow2ServerTheModelIsARunArtifactAndItsRegisteredVersionPointsThere() throws Exception {
        server = FakeMlflowServer.startMlflow2(true);

        ForkedJvm.Result result = jvm("xgboost-3.0.4").property("autolog.registered.model.name", "jvm-xgb")
                .run(TRAINING, "plain");

        assertNoAgentErrors(result);
        MlflowState.Run run = server.state().runs().get(0);
        assertEquals("FINISHED", run.status);
        assertTrue(server.models().loggedModels().isEmpty());
        RunInfo local = StoreAssertions.runs(new LocalStoreReader(dir.resolve("mlruns"))).get(0);
        String runFiles = run.experimentId + "/" + run.runId + "/artifacts/";
        for (String file : List.of("model/model.ubj", "model/MLmodel", "feature_importance_weight.json")) {
            assertArrayEquals(Files.readAllBytes(local.dir().resolve("artifacts").resolve(file)),
                    server.state().artifacts().get(runFiles + file), file);
        }
        ModelEndpoints.Version version = server.models().versions("jvm-xgb").get(0);
        assertEquals(1, server.models().versions("jvm-xgb").size());
        assertTrue(version.source().endsWith(run.experimentId + "/" + run.runId + "/artifacts/model"),
                version.source());
        assertEquals(run.runId, version.tags().get("autolog.run_id"));
    }

    @Test
    void serverDownInTheMiddleOfTrainingLosesNoPointAndDuplicatesNone() throws Exception {
        server = FakeMlflowServer.start(true);
        ForkedJvm.Started training = jvm("xgboost-3.0.4").start(SLOW, "60", "30");
        await(() -> !server.state().runs().isEmpty() && server.state().runs().get(0).pointsReceived >= 6,
                "the first points on the server");
        server.down();
        int beforeOutage = server.state().runs().get(0).pointsReceived;
        Path spoolDir = dir.resolve("mlruns");
        await(() -> spoolPoints(spoolDir) >= beforeOutage + 30, "points spooled while the server is down");
        long up = System.currentTimeMillis();
        server.up();
        ForkedJvm.Result result = training.finish();

        assertNoAgentErrors(result);
        assertTrue(result.stderr().contains("MLflow server unreachable"), result::toString);
        assertTrue(result.stderr().contains("reachable again"), result::toString);
        MlflowState.Run run = server.state().runs().get(0);
        assertEquals(truth(result), onServer(run, "error_rate"));
        assertEquals(120, run.pointsReceived, "every point exactly once");
        assertEquals("FINISHED", run.status);
        LocalStoreReader spool = new LocalStoreReader(spoolDir);
        assertSameAsSpool(spool, StoreAssertions.runs(spool).get(0).runId(), run);
        List<String> spooledInputs = spool.inputs(StoreAssertions.runs(spool).get(0).runId()).stream()
                .map(in -> in.name() + "|" + in.digest()).toList();
        assertEquals(List.of("test|", "train|"), spooledInputs.stream().map(k -> k.replaceAll("\\|.*", "|")).toList());
        assertEquals(spooledInputs, run.datasetInputs.keySet().stream().sorted().toList());
        long capturedWhileDown = run.metrics().get("train-error_rate").stream().filter(p -> p.timestamp() < up).count();
        assertTrue(capturedWhileDown >= (beforeOutage + 30) / 2, "points keep their capture time: " + capturedWhileDown);
    }

    @Test
    void systemMetricsAskedForThroughMlflowsVariableReachTheSpoolAndTheServerAtEveryStep() throws Exception {
        server = FakeMlflowServer.start(true);
        ForkedJvm.Result result = jvm("xgboost-3.0.4").env("MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING", "true")
                .property("autolog.system.metrics.interval", "200ms").run(SLOW, "40", "30");

        assertNoAgentErrors(result);
        MlflowState.Run run = server.state().runs().get(0);
        assertEquals(truth(result), onServer(run, "error_rate"), "the training's points are untouched");
        LocalStoreReader spool = new LocalStoreReader(dir.resolve("mlruns"));
        RunInfo local = StoreAssertions.runs(spool).get(0);
        Map<String, List<Metric>> system = new TreeMap<>(spool.metrics(local.runId()));
        system.keySet().removeIf(key -> !key.startsWith("system/") || key.startsWith("system/gpu_"));
        assertEquals(List.of("cpu_utilization_percentage", "disk_available_megabytes", "disk_usage_megabytes",
                "disk_usage_percentage", "jvm_gc_count", "jvm_gc_time_milliseconds", "jvm_heap_committed_megabytes",
                "jvm_heap_used_megabytes", "jvm_live_threads", "jvm_process_cpu_utilization_percentage",
                "network_receive_megabytes", "network_transmit_megabytes", "system_memory_usage_megabytes",
                "system_memory_usage_percentage"), system.keySet().stream().map(k -> k.substring(7)).toList());
        // 40 rounds of two 30 ms evaluations: at least 2.4 s of training, so several 200 ms windows
        List<Metric> cpu = system.get("system/cpu_utilization_percentage");
        assertTrue(cpu.size() >= 2, cpu::toString);
        for (List<Metric> points : system.values()) {
            assertEquals(cpu.stream().map(m -> m.step() + "@" + m.timestampMillis()).toList(),
                    points.stream().map(m -> m.step() + "@" + m.timestampMillis()).toList(),
                    "one publication per step, every key at its timestamp");
        }
        assertEquals(java.util.stream.LongStream.range(0, cpu.size()).boxed().toList(),
                cpu.stream().map(Metric::step).toList(), "MLflow's steps: 0, 1, 2, ...");
        assertTrue(cpu.get(0).timestampMillis() >= local.startTime() + 200, "the first one interval after the start");
        assertTrue(cpu.get(cpu.size() - 1).timestampMillis() <= local.endTime(), "nothing after the end");
        for (int i = 0; i < cpu.size(); i++) {
            assertTrue(system.get("system/jvm_heap_used_megabytes").get(i).value()
                    <= system.get("system/jvm_heap_committed_megabytes").get(i).value());
        }
        assertSameAsSpool(spool, local.runId(), run);
    }

    private static int spoolPoints(Path spool) {
        try {
            LocalStoreReader reader = new LocalStoreReader(spool);
            return StoreAssertions.runs(reader).stream().mapToInt(run -> reader.metrics(run.runId()).values().stream()
                    .mapToInt(List::size).sum()).sum();
        } catch (RuntimeException racing) {
            return 0;
        }
    }

    @Test
    void aJvmKilledWhileTheServerIsDownIsReplayedByTheNextStart() throws Exception {
        server = FakeMlflowServer.start(true);
        server.down();
        Path spoolDir = dir.resolve("mlruns");
        ForkedJvm.Started killed = jvm("xgboost-3.0.4").start(SLOW, "200", "25", "after-a-quick-one");
        await(() -> spoolPoints(spoolDir) >= 30, "points in the spool");
        killed.process().destroyForcibly().waitFor();
        server.up();

        ForkedJvm.Result next = jvm("xgboost-3.0.4").run(TRAINING, "plain");

        assertNoAgentErrors(next);
        assertEquals(3, server.state().runs().size());
        LocalStoreReader spool = new LocalStoreReader(spoolDir);
        List<RunInfo> local = StoreAssertions.runs(spool);
        // the quick training ended, and logged its datasets (XGBoost's come with the end), while the server was down
        MlflowState.Run quick = byLocalId(local.get(0).runId());
        assertSameAsSpool(spool, local.get(0).runId(), quick);
        assertEquals("FINISHED", quick.status);
        List<String> spooledInputs = spool.inputs(local.get(0).runId()).stream()
                .map(in -> in.name() + "|" + in.digest()).toList();
        assertEquals(List.of("test", "train"), spooledInputs.stream().map(k -> k.replaceAll("\\|.*", "")).toList());
        assertEquals(spooledInputs, quick.datasetInputs.keySet().stream().sorted().toList());
        MlflowState.Run replayed = byLocalId(local.get(1).runId());
        assertSameAsSpool(spool, local.get(1).runId(), replayed);
        assertEquals(replayed.metrics().values().stream().mapToInt(List::size).sum(), replayed.pointsReceived);
        assertEquals("RUNNING", replayed.status, "a killed JVM never ended its run");
        MlflowState.Run fresh = byLocalId(local.get(2).runId());
        assertEquals(truth(next), onServer(fresh, ""));
        assertEquals("FINISHED", fresh.status);
    }

    private MlflowState.Run byLocalId(String localRunId) {
        return server.state().runs().stream().filter(r -> localRunId.equals(r.tags.get("autolog.local_run_id")))
                .findFirst().orElseThrow(() -> new AssertionError("no run for " + localRunId));
    }

    @Test
    void syncPushesAnOfflineStoreOnceAndASecondSyncAddsNothing() throws Exception {
        ForkedJvm.Result offline = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(dir.resolve("mlruns"))
                .run(TRAINING, "plain");
        assertNoAgentErrors(offline);
        server = FakeMlflowServer.start(true);
        server.requireAuthorization("Basic " + Base64.getEncoder().encodeToString("ana:pw-91c3e".getBytes()));

        ForkedJvm.Result first = sync();
        ForkedJvm.Result second = sync();

        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.stdout().contains("0 runs sent to " + server.uri() + ", 1 already there"), second::toString);
        assertNoSecret(first, "pw-91c3e");
        assertEquals(1, server.state().runs().size());
        MlflowState.Run run = server.state().runs().get(0);
        assertEquals(truth(offline), onServer(run, ""));
        // each point once, with the LoggedModel's id (MLflow 3), and nothing again by the second sync
        assertEquals(20, run.pointsReceived);
        assertEquals(1, server.models().loggedModels().size());
        assertEquals("FINISHED", run.status);
        assertEquals(6, server.state().artifacts().size(), "the importance and the five files of the model");
        // the datasets of the offline store, once: the second sync sent none again
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        List<String> inputs = store.inputs(StoreAssertions.runs(store).get(0).runId()).stream()
                .map(in -> in.name() + "|" + in.digest()).toList();
        assertEquals(List.of("test", "train"), inputs.stream().map(k -> k.replaceAll("\\|.*", "")).toList());
        assertEquals(inputs, run.datasetInputs.keySet().stream().sorted().toList());
        assertEquals(1, server.requests().stream().filter(r -> r.path().endsWith("runs/log-inputs")).count());
    }

    private ForkedJvm.Result sync() throws Exception {
        ForkedJvm jvm = ForkedJvm.withFramework("xgboost-3.0.4").withoutAgent().in(dir)
                .env("MLFLOW_TRACKING_USERNAME", "ana").env("MLFLOW_TRACKING_PASSWORD", "pw-91c3e");
        return jvm.runJar(ForkedJvm.AGENT_JAR, "sync", "--from", dir.resolve("mlruns").toString(), "--to", server.uri());
    }

    @Test
    void theApplicationKeepsItsOwnJacksonWhileTheAgentTalksToTheServer() throws Exception {
        server = FakeMlflowServer.start(true);

        ForkedJvm.Result result = jvm("xgboost-2.1.4").classPath(ForkedJvm.FRAMEWORKS.resolve("app-libs") + "/*")
                .run("dev.autolog.it.fixtures.IsolationApp");

        assertNoAgentErrors(result);
        assertEquals("2.15.2", result.first("JACKSON"));
        assertTrue(result.lines("FROM").get(1)[1].endsWith("jackson-databind-2.15.2.jar"), result::toString);
        assertEquals(1, server.state().runs().size());
        assertEquals("FINISHED", server.state().runs().get(0).status);
    }
}
