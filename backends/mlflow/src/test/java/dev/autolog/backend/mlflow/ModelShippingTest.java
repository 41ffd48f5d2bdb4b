package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer.Fault;
import dev.autolog.backend.mlflow.testserver.MlflowState;
import dev.autolog.backend.mlflow.testserver.ModelEndpoints;
import dev.autolog.logging.Diagnostics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's models and their registrations against a fake MLflow 3 server and a fake MLflow 2 server on loopback. */
class ModelShippingTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";
    private static final String MODEL = "m-0123456789abcdef0123456789abcdef";
    private static final long START = 1_700_000_000_000L;
    /** The top of an MLmodel as the local store writes it: the spool's ids. */
    private static final String MLMODEL_TEXT = "artifact_path: model\nflavors:\n  xgboost:\n    data: model.ubj\n"
            + "model_id: " + MODEL + "\nmodel_uuid: " + MODEL + "\nrun_id: " + RUN + "\n";
    private static final byte[] MLMODEL = MLMODEL_TEXT.getBytes(StandardCharsets.UTF_8);
    private static final byte[] BOOSTER = "{ubj booster}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path spool;
    private FakeMlflowServer server;
    /** Closed after each test in reverse order of opening: the backends, then the server. */
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    @AfterEach
    void closeAll() throws Exception {
        while (!open.isEmpty()) {
            open.pop().close();
        }
        if (server != null) {
            LoggedModelSupport.forget(server.uri());
        }
    }

    private void start(FakeMlflowServer s) {
        server = s;
        open.push(s);
    }

    private MlflowSettings settings() {
        return settings(server.uri());
    }

    private MlflowSettings settings(String server) {
        URI uri = URI.create(server);
        return new MlflowSettings(uri, Credentials.from(uri, Map.of()), Tls.DEFAULT, Duration.ofSeconds(5), spool,
                Duration.ofSeconds(20));
    }

    private MlflowBackend backend() throws Exception {
        MlflowBackend b = new MlflowBackend(settings(), new Backoff(Duration.ofMillis(50), Duration.ofMillis(100), () -> 0.5));
        open.push(b);
        return b;
    }

    private static List<Metric> points(int from, int to) {
        List<Metric> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new Metric("train-logloss", 1.0 / (i + 1), START + 1000 + i, i));
        }
        return out;
    }

    private static List<MlflowState.Point> serverPoints(List<Metric> metrics) {
        return metrics.stream().map(m -> new MlflowState.Point(m.value(), m.timestampMillis(), m.step())).toList();
    }

    /** A training as the local side writes it: the run, a PENDING LoggedModel, its curve, its files, READY, the end. */
    private SpoolModelFixture train(MlflowBackend b, boolean end) throws Exception {
        b.createRun(new NewRun(RUN, "fraud", "xgboost-run", START, "alice",
                Map.of("mlflow.autologging", "xgboost", "mlflow.source.name", "Train")));
        SpoolModelFixture local = new SpoolModelFixture(spool, RUN);
        local.loggedModel(MODEL, "model", 1, Map.of("max_depth", "3"), Map.of("mlflow.user", "alice"));
        b.logBatch(RUN, points(0, 5), List.of(), List.of());
        for (Metric m : points(0, 5)) {
            local.metric(MODEL, m.key(), m.timestampMillis(), m.value(), m.step());
        }
        b.logArtifact(RUN, "feature_importance.json", "{}".getBytes(StandardCharsets.UTF_8));
        b.logArtifact(RUN, "model/MLmodel", MLMODEL);
        b.logArtifact(RUN, "model/model.ubj", BOOSTER);
        local.status(MODEL, 2);
        if (end) {
            b.endRun(RUN, RunStatus.FINISHED, START + 9000);
        }
        return local;
    }

    private MlflowState.Run onlyRun() {
        List<MlflowState.Run> runs = server.state().runs();
        assertEquals(1, runs.size(), runs::toString);
        return runs.get(0);
    }

    private ModelEndpoints.LoggedModel onlyModel() {
        List<ModelEndpoints.LoggedModel> models = server.models().loggedModels();
        assertEquals(1, models.size(), () -> "LoggedModels on the server: " + models.size());
        return models.get(0);
    }

    private long requests(String method, String pathEnd) {
        return server.requests().stream().filter(r -> r.method().equals(method) && r.path().endsWith(pathEnd)).count();
    }

    private String artifact(String path) {
        byte[] bytes = server.state().artifacts().get(path);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void onMlflow3AModelIsAReadyLoggedModelLinkedToItsRunWithItsParamsTagsFilesAndMetrics() throws Exception {
        start(FakeMlflowServer.start(true));
        MlflowBackend b = backend();
        train(b, true);
        b.flush();

        MlflowState.Run run = onlyRun();
        ModelEndpoints.LoggedModel model = onlyModel();
        assertEquals("model", model.name);
        assertEquals(run.runId, model.sourceRunId);
        assertEquals(run.experimentId, model.experimentId);
        assertEquals("LOGGED_MODEL_READY", model.status);
        assertEquals(Map.of("max_depth", "3"), model.params);
        assertEquals(Map.of("mlflow.user", "alice", "mlflow.source.name", "Train",
                ModelShipper.LOCAL_MODEL_TAG, MODEL), model.tags);
        assertEquals(List.of(model.modelId), server.models().outputsOf(run.runId));
        String files = run.experimentId + "/models/" + model.modelId + "/artifacts/";
        assertEquals("artifact_path: " + model.artifactUri + "\nflavors:\n  xgboost:\n    data: model.ubj\nmodel_id: "
                + model.modelId + "\nmodel_uuid: " + model.modelId + "\nrun_id: " + run.runId + "\n", artifact(files + "MLmodel"));
        assertEquals(new String(BOOSTER, StandardCharsets.UTF_8), artifact(files + "model.ubj"));
        String runFiles = run.experimentId + "/" + run.runId + "/artifacts/";
        assertNull(artifact(runFiles + "model/model.ubj"), "the model's bytes went to the server twice");
        assertEquals("{}", artifact(runFiles + "feature_importance.json"));
        assertEquals(serverPoints(points(0, 5)), model.metrics.get("train-logloss"));
        assertEquals(serverPoints(points(0, 5)), MlflowState.inStepOrder(run.metrics().get("train-logloss")));
        assertEquals(5, run.pointsReceived, "each point once, with the model's id");
        assertEquals("FINISHED", run.status);
    }

    @Test
    void aServerThatLostTheLoggedModelsApiGetsTheModelAsARunArtifactWithoutAnError() throws Exception {
        start(FakeMlflowServer.startMlflow2(true));
        try (FakeMlflowServer earlier = FakeMlflowServer.start(true);
             MlflowClient toEarlier = new MlflowClient(settings(earlier.uri()))) {
            // what an MLflow 3 server answered earlier at this address
            assertTrue(LoggedModelSupport.of(server.uri(), new ModelsApi(toEarlier), "0"));
        }
        long errorsBefore = Diagnostics.backendErrors();
        MlflowBackend b = backend();
        train(b, true);
        b.flush();

        assertEquals(0, Diagnostics.backendErrors() - errorsBefore);
        MlflowState.Run run = onlyRun();
        assertEquals(new String(BOOSTER, StandardCharsets.UTF_8),
                artifact(run.experimentId + "/" + run.runId + "/artifacts/model/model.ubj"));
        assertEquals(1, requests("POST", "/logged-models"));
    }

    @Test
    void aModelsLongParamIsCutToMlflowsLimitInsteadOfTheModelBeingRefused() throws Exception {
        start(FakeMlflowServer.start(true));
        MlflowBackend b = backend();
        b.createRun(new NewRun(RUN, "fraud", "xgboost-run", START, "alice", Map.of()));
        new SpoolModelFixture(spool, RUN).loggedModel(MODEL, "model", 2, Map.of("objective", "x".repeat(7000)), Map.of());
        b.endRun(RUN, RunStatus.FINISHED, START + 9000);
        b.flush();

        assertEquals(Map.of("objective", "x".repeat(6000)), onlyModel().params);
    }

    @Test
    void whileTheLocalModelIsPendingTheServersIsPendingToo() throws Exception {
        start(FakeMlflowServer.start(true));
        MlflowBackend b = backend();
        b.createRun(new NewRun(RUN, "fraud", "xgboost-run", START, "alice", Map.of()));
        SpoolModelFixture local = new SpoolModelFixture(spool, RUN);
        local.loggedModel(MODEL, "model", 1, Map.of(), Map.of());
        b.logBatch(RUN, points(0, 3), List.of(), List.of());
        local.metric(MODEL, "train-logloss", START + 1000, 1.0, 0);
        b.flush();

        assertEquals("LOGGED_MODEL_PENDING", onlyModel().status);
        assertEquals(0, requests("PATCH", "logged-models/" + onlyModel().modelId));

        local.status(MODEL, 3);
        b.endRun(RUN, RunStatus.FAILED, START + 9000);
        b.flush();
        assertEquals("LOGGED_MODEL_UPLOAD_FAILED", onlyModel().status);
        assertEquals(1, requests("POST", "/logged-models"), "one create");
    }

    @Test
    void onMlflow2TheModelStaysARunArtifactWithoutAnyErrorAndTheServerIsAskedOnce() throws Exception {
        start(FakeMlflowServer.startMlflow2(true));
        long errorsBefore = Diagnostics.backendErrors();
        MlflowBackend b = backend();
        train(b, true);
        b.flush();
        String second = "fedcba9876543210fedcba9876543210";
        b.createRun(new NewRun(second, "fraud", "second", START, "alice", Map.of()));
        new SpoolModelFixture(spool, second).loggedModel("m-fedcba9876543210fedcba9876543210", "model", 2, Map.of(),
                Map.of());
        b.logArtifact(second, "model/model.ubj", BOOSTER);
        b.endRun(second, RunStatus.FINISHED, START + 9000);
        b.flush();

        assertEquals(0, Diagnostics.backendErrors() - errorsBefore);
        MlflowState.Run run = server.state().run(server.state().runs().get(0).runId);
        String runFiles = run.experimentId + "/" + run.runId + "/artifacts/";
        assertEquals(MLMODEL_TEXT, artifact(runFiles + "model/MLmodel"));
        assertEquals(new String(BOOSTER, StandardCharsets.UTF_8), artifact(runFiles + "model/model.ubj"));
        assertEquals(serverPoints(points(0, 5)), MlflowState.inStepOrder(run.metrics().get("train-logloss")));
        assertEquals(5, run.pointsReceived, "the model's points were sent twice");
        assertEquals(List.of("POST /api/2.0/mlflow/logged-models/search"), server.requests().stream()
                .filter(r -> r.path().contains("logged-models") || r.path().contains("runs/outputs"))
                .map(r -> r.method() + " " + r.path()).toList());
        assertEquals("FINISHED", run.status);
        assertEquals(2, server.state().runs().stream().filter(r -> r.status.equals("FINISHED")).count());
    }

    @Test
    void anOutageInTheMiddleOfTheModelsUploadResumesItWithoutASecondModel() throws Exception {
        start(FakeMlflowServer.start(true));
        server.inject(Fault.dropAfterProcessing("/models/"));            // MLmodel arrives, its answer is lost
        server.inject(Fault.status("model.ubj", 503, "TEMPORARILY_UNAVAILABLE", null));
        MlflowBackend b = backend();
        train(b, true);
        b.flush();

        ModelEndpoints.LoggedModel model = onlyModel();
        assertEquals("LOGGED_MODEL_READY", model.status);
        String files = model.experimentId + "/models/" + model.modelId + "/artifacts/";
        assertEquals(new String(BOOSTER, StandardCharsets.UTF_8), artifact(files + "model.ubj"));
        assertTrue(artifact(files + "MLmodel").contains("model_id: " + model.modelId + "\n"));
        assertEquals(1, requests("POST", "/logged-models"));
        assertEquals(1, requests("POST", "runs/outputs"));
        assertEquals(serverPoints(points(0, 5)), model.metrics.get("train-logloss"));
    }

    /** The JVM learns what the server supports before a fault on a logged-models path could hit the probe. */
    private void probed() throws Exception {
        try (MlflowClient client = new MlflowClient(settings())) {
            assertTrue(LoggedModelSupport.of(server.uri(), new ModelsApi(client), "0"));
        }
    }

    @Test
    void aLostAnswerToCreatingTheLoggedModelFindsTheOneTheServerMade() throws Exception {
        start(FakeMlflowServer.start(true));
        probed();
        server.inject(Fault.dropAfterProcessing("/logged-models"));
        MlflowBackend b = backend();
        train(b, true);
        b.flush();

        assertEquals("LOGGED_MODEL_READY", onlyModel().status);
        assertEquals(1, requests("POST", "/logged-models"));
        assertEquals(2, requests("POST", "/logged-models/search"), "the probe, then the look-up after the lost answer");
    }

    @Test
    void aLinkWhoseAnswerWasLostAndThatTheServerRefusesAsARepeatCountsAsMade() throws Exception {
        start(FakeMlflowServer.start(true));
        server.inject(Fault.dropAfterProcessing("runs/outputs"));
        server.inject(Fault.status("runs/outputs", 400, "BAD_REQUEST", null));
        MlflowBackend b = backend();
        train(b, true);
        b.flush();

        ModelEndpoints.LoggedModel model = onlyModel();
        assertEquals("LOGGED_MODEL_READY", model.status);
        assertEquals(List.of(model.modelId), server.models().outputsOf(onlyRun().runId));
        assertNull(artifact(onlyRun().experimentId + "/" + onlyRun().runId + "/artifacts/model/model.ubj"));
    }

    @Test
    void aModelTheServerRefusesIsReportedOnceAndGoesWithTheRunsArtifacts() throws Exception {
        start(FakeMlflowServer.start(true));
        probed();
        server.inject(Fault.status("/logged-models", 400, "INVALID_PARAMETER_VALUE", null));
        long errorsBefore = Diagnostics.backendErrors();
        MlflowBackend b = backend();
        train(b, true);
        b.flush();

        assertEquals(1, Diagnostics.backendErrors() - errorsBefore);
        assertTrue(server.models().loggedModels().isEmpty());
        MlflowState.Run run = onlyRun();
        assertEquals(MLMODEL_TEXT, artifact(run.experimentId + "/" + run.runId + "/artifacts/model/MLmodel"));
        assertEquals("FINISHED", run.status);
        assertEquals(1, requests("POST", "/logged-models"), "a refused model is not asked again");
    }

    @Test
    void withoutAnArtifactProxyTheLoggedModelSaysWhereItsFilesStay() throws Exception {
        start(FakeMlflowServer.start(false));
        MlflowBackend b = backend();
        train(b, true);
        b.flush();

        ModelEndpoints.LoggedModel model = onlyModel();
        assertEquals("LOGGED_MODEL_READY", model.status);
        Path files = new LocalStoreReader(spool).run(RUN).orElseThrow().dir().resolve("artifacts/model");
        assertEquals(files.toUri().toString(), model.tags.get(RunShipper.ARTIFACTS_TAG));
        assertTrue(server.state().artifacts().isEmpty());
    }

    @Test
    void aNewBackendOnTheSameSpoolContinuesTheModelWhereTheLastOneStopped() throws Exception {
        start(FakeMlflowServer.start(true));
        MlflowBackend first = backend();
        SpoolModelFixture local = train(first, false);
        first.flush();
        first.close();
        open.remove(first);
        local.metric(MODEL, "train-logloss", START + 2000, 0.1, 5);
        local.tag(MODEL, "stage", "tuned");

        MlflowBackend second = backend();
        second.logBatch(RUN, List.of(new Metric("train-logloss", 0.1, START + 2000, 5)), List.of(), List.of());
        second.endRun(RUN, RunStatus.FINISHED, START + 9000);
        second.flush();

        ModelEndpoints.LoggedModel model = onlyModel();
        assertEquals("tuned", model.tags.get("stage"));
        assertEquals(6, model.metrics.get("train-logloss").size());
        assertEquals(1, requests("POST", "/logged-models"));
        assertEquals(1, requests("POST", "runs/outputs"));
        assertEquals(1, requests("PUT", "/model.ubj"));
        assertEquals(1, requests("PATCH", "logged-models/" + model.modelId));
        assertEquals("FINISHED", onlyRun().status);
    }

    private static final Map<String, String> VERSION_TAGS = Map.of("autolog.run_id", RUN, "autolog.framework", "xgboost");

    private ModelEndpoints.Version onlyVersion(String name) {
        List<ModelEndpoints.Version> versions = server.models().versions(name);
        assertEquals(1, versions.size(), versions::toString);
        return versions.get(0);
    }

    /** A training whose model the local side registered as version 1 of {@code name}, shipped to the end. */
    private void trainAndRegister(String name) throws Exception {
        MlflowBackend b = backend();
        SpoolModelFixture local = train(b, false);
        local.registration(name, 1, MODEL, VERSION_TAGS);
        b.endRun(RUN, RunStatus.FINISHED, START + 9000);
        b.flush();
    }

    @Test
    void onMlflow3ARegistrationIsAVersionOfTheLoggedModelEvenWhenAnotherClientCreatedTheRegisteredModel()
            throws Exception {
        start(FakeMlflowServer.start(true));
        try (MlflowClient other = new MlflowClient(settings())) {
            new ModelsApi(other).createRegisteredModel("fraud-xgb");
        }
        trainAndRegister("fraud-xgb");

        ModelEndpoints.LoggedModel model = onlyModel();
        String remoteRun = onlyRun().runId;
        assertEquals(new ModelEndpoints.Version("fraud-xgb", 1, "models:/" + model.modelId, remoteRun, model.modelId,
                Map.of("autolog.run_id", remoteRun, "autolog.framework", "xgboost")), onlyVersion("fraud-xgb"));
        assertEquals("[{\"name\": \"fraud-xgb\", \"version\": 1}]", model.tags.get("mlflow.modelVersions"));
        assertEquals(2, requests("POST", "registered-models/create"), "ours answered RESOURCE_ALREADY_EXISTS");
    }

    @Test
    void aLostAnswerToCreatingAVersionNeverMakesASecondOne() throws Exception {
        start(FakeMlflowServer.start(true));
        server.inject(Fault.dropAfterProcessing("model-versions/create"));
        trainAndRegister("fraud-xgb");

        assertEquals(1, onlyVersion("fraud-xgb").version());
        assertEquals(1, requests("POST", "model-versions/create"));
        assertEquals(1, requests("GET", "model-versions/search"));
        SyncState state = new SyncStates(spool, URI.create(server.uri())).load(RUN);
        assertEquals("1", state.registrations.get("fraud-xgb/version-1").remoteVersion);
    }

    @Test
    void onMlflow2ARegistrationIsAVersionOfTheRunsModelArtifactsWithoutAnyError() throws Exception {
        start(FakeMlflowServer.startMlflow2(true));
        long errorsBefore = Diagnostics.backendErrors();
        trainAndRegister("fraud-xgb");

        MlflowState.Run run = onlyRun();
        assertEquals(new ModelEndpoints.Version("fraud-xgb", 1, run.artifactUri + "/model", run.runId, null,
                Map.of("autolog.run_id", run.runId, "autolog.framework", "xgboost")), onlyVersion("fraud-xgb"));
        assertEquals(0, Diagnostics.backendErrors() - errorsBefore);
    }

    @Test
    void aNameTheServerRefusesIsReportedOnceAndTheRunAndModelStillArrive() throws Exception {
        start(FakeMlflowServer.start(true));
        long errorsBefore = Diagnostics.backendErrors();
        MlflowBackend b = backend();
        SpoolModelFixture local = train(b, false);
        local.registration("team:fraud", 1, MODEL, VERSION_TAGS);
        b.flush();
        b.endRun(RUN, RunStatus.FINISHED, START + 9000);
        b.flush();

        assertEquals(1, Diagnostics.backendErrors() - errorsBefore);
        assertTrue(server.models().versions("team:fraud").isEmpty());
        assertEquals(1, requests("POST", "registered-models/create"), "a refused name is not asked again");
        assertEquals("FINISHED", onlyRun().status);
        assertEquals("LOGGED_MODEL_READY", onlyModel().status);
        SyncState state = new SyncStates(spool, URI.create(server.uri())).load(RUN);
        assertTrue(state.registrations.get("team:fraud/version-1").refused.contains("cannot contain '/' or ':'"),
                state.registrations::toString);
    }

    @Test
    void mlmodelIdsAreReplacedOnlyAtTheTopLevelAndOnlyByPlainScalars() {
        String local = "artifact_path: model\nflavors:\n  x:\n    run_id: keep\nrun_id: local\nmodel_id: m-local\n";
        assertEquals("artifact_path: mlflow-artifacts:/1/models/m-r/artifacts\nflavors:\n  x:\n    run_id: keep\n"
                + "run_id: r1\nmodel_id: m-local\n", ModelShipper.forServer(local, Map.of("run_id", "r1",
                "artifact_path", "mlflow-artifacts:/1/models/m-r/artifacts", "model_id", "m-r\nevil: 1")));
        assertEquals(local, ModelShipper.forServer(local, Map.of("run_id", "12345", "artifact_path", "a: b")));
    }
}
