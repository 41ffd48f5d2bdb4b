package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import dev.autolog.backend.mlflow.testserver.MlflowState;
import dev.autolog.backend.mlflow.testserver.ModelEndpoints;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncCommandTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int sync(String... args) {
        return new SyncCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), () -> 0.5)).sync(args, Map.of());
    }

    private void localRun(LocalStore store, String id, String experiment, int points) throws Exception {
        store.createRun(new NewRun(id, experiment, "run-" + id.charAt(0), 1000L + id.charAt(0), "bob", Map.of()));
        for (int i = 0; i < points; i++) {
            store.logBatch(id, List.of(new Metric("acc", i / 10.0, 5000 + i, i)), List.of(), List.of());
        }
        store.logBatch(id, List.of(), List.of(new Param("depth", "4")), List.of());
        store.endRun(id, RunStatus.FINISHED, 9000);
    }

    @Test
    void syncingTwiceSendsEveryRunOnceAndThenOnlyWhatIsNew() throws Exception {
        Path mlruns = dir.resolve("mlruns");
        LocalStore store = new LocalStore(mlruns);
        localRun(store, "a".repeat(32), "Default", 1500);
        localRun(store, "b".repeat(32), "offline", 3);
        try (FakeMlflowServer server = FakeMlflowServer.start(true)) {
            assertEquals(0, sync("--from", mlruns.toString(), "--to", server.uri()), err::toString);
            assertEquals(0, sync("--from", mlruns.toString(), "--to", server.uri()), err::toString);
            assertTrue(out.toString().contains("0 runs sent to " + server.uri() + ", 2 already there"), out::toString);

            List<MlflowState.Run> runs = server.state().runs();
            assertEquals(2, runs.size());
            MlflowState.Run a = runs.get(0);
            assertEquals(1500, a.metrics().get("acc").size());
            assertEquals(1500, a.pointsReceived);
            assertEquals(Map.of("depth", "4"), a.params);
            assertEquals("FINISHED", a.status);
            assertEquals(server.state().experimentId("offline"), runs.get(1).experimentId);
            try (var left = Files.list(new SyncStates(mlruns, URI.create(server.uri())).dir())) {
                assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".lock")).toList());
            }
        }
    }

    @Test
    void filesLinkedOutOfTheRunAreNotSentAndItsNameIsPrintedEscaped() throws Exception {
        Path mlruns = dir.resolve("mlruns");
        String id = "d".repeat(32);
        LocalStore store = new LocalStore(mlruns);
        store.createRun(new NewRun(id, "Default", "evil\u001b]0;x\u0007", 1000, "bob", Map.of()));
        store.logBatch(id, List.of(new Metric("acc", 0.5, 5000, 0)), List.of(), List.of());
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("points"), "1700000000000 42.0 0\n");
        Files.writeString(outside.resolve("secret"), "secret");
        Path run = mlruns.resolve("0").resolve(id);
        Files.createSymbolicLink(run.resolve("metrics/leak"), outside.resolve("points"));
        Files.createSymbolicLink(run.resolve("params/leak"), outside.resolve("secret"));
        try (FakeMlflowServer server = FakeMlflowServer.start(true)) {
            assertEquals(0, sync("--from", mlruns.toString(), "--to", server.uri()), err::toString);
            MlflowState.Run sent = server.state().runs().get(0);
            assertEquals(List.of("acc"), List.copyOf(sent.metrics().keySet()));
            assertFalse(sent.params.containsKey("leak"), sent.params::toString);
            assertTrue(out.toString().contains("synced run " + id + " 'evil\\e]0;x\\x07' -> "), out::toString);
        }
    }

    @Test
    void badArgumentsAreNamedWithTheUsage() {
        assertEquals(2, sync("--from", dir.toString()));
        assertTrue(err.toString().contains("--to is missing; " + SyncCommand.USAGE), err::toString);
        assertEquals(2, sync("--from", dir.toString(), "--to", "ftp://x"));
        assertEquals(2, sync("--frm", "x"));
    }

    @Test
    void anUnreachableServerStopsWithExitCodeOneAndTheStoreUntouched() throws Exception {
        Path mlruns = dir.resolve("mlruns");
        localRun(new LocalStore(mlruns), "c".repeat(32), "Default", 2);
        FakeMlflowServer server = FakeMlflowServer.start(true);
        server.close();
        assertEquals(1, sync("--from", mlruns.toString(), "--to", server.uri()));
        assertTrue(err.toString().contains("run sync again"), err::toString);
    }

    @Test
    void syncCarriesLoggedModelsAndRegistrationsOnceAndNamesARefusedRegistration() throws Exception {
        Path mlruns = dir.resolve("mlruns");
        LocalStore store = new LocalStore(mlruns);
        String runId = "d".repeat(32);
        String modelId = "m-" + "e".repeat(32);
        store.createRun(new NewRun(runId, "offline", "run-d", 1000L, "bob", Map.of()));
        SpoolModelFixture local = new SpoolModelFixture(mlruns, runId);
        local.loggedModel(modelId, "model", 1, Map.of("depth", "4"), Map.of());
        store.logBatch(runId, List.of(new Metric("acc", 0.5, 5000, 0)), List.of(), List.of());
        local.metric(modelId, "acc", 5000, 0.5, 0);
        store.logArtifact(runId, "model/model.ubj", new byte[] {1, 2, 3});
        local.status(modelId, 2);
        local.registration("offline-model", 1, modelId, Map.of("autolog.run_id", runId));
        local.registration("team:model", 1, modelId, Map.of());
        store.endRun(runId, RunStatus.FINISHED, 9000);
        try (FakeMlflowServer server = FakeMlflowServer.start(true)) {
            assertEquals(1, sync("--from", mlruns.toString(), "--to", server.uri()), "one registration is not there");
            assertEquals(0, sync("--from", mlruns.toString(), "--to", server.uri()), err::toString);

            String remoteRun = server.state().runs().get(0).runId;
            ModelEndpoints.LoggedModel model = server.models().loggedModels().get(0);
            assertEquals(1, server.models().loggedModels().size());
            assertEquals("LOGGED_MODEL_READY", model.status);
            assertEquals(remoteRun, model.sourceRunId);
            assertEquals(List.of(new MlflowState.Point(0.5, 5000, 0)), model.metrics.get("acc"));
            assertEquals(List.of(new ModelEndpoints.Version("offline-model", 1, "models:/" + model.modelId, remoteRun,
                    model.modelId, Map.of("autolog.run_id", remoteRun))), server.models().versions("offline-model"));
            assertEquals(List.of("autolog sync: run " + runId + ": registered model 'team:model' refused: POST "
                    + "/api/2.0/mlflow/registered-models/create on " + server.uri() + ": HTTP 400 INVALID_PARAMETER_VALUE: "
                    + "Invalid name: 'team:model'. Registered model name cannot contain '/' or ':'"),
                    err.toString().lines().toList());
            assertTrue(out.toString().contains("0 runs sent to " + server.uri() + ", 1 already there"), out::toString);
            assertTrue(out.toString().contains("0 artifacts, 1 logged models, 1 registered versions\n"), out::toString);
            LoggedModelSupport.forget(server.uri());
        }
    }
}
