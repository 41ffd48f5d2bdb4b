package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment looked up as the backend opens, and the first run of that experiment taking its answer. */
class EarlyLookupTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path spool;
    private FakeMlflowServer server;
    private MlflowClient client;

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private RunShipper shipperOfARunIn(String experiment) throws IOException {
        server = FakeMlflowServer.start(true);
        URI uri = URI.create(server.uri());
        client = new MlflowClient(new MlflowSettings(uri, Credentials.NONE, Tls.DEFAULT, Duration.ofSeconds(5), spool,
                Duration.ofSeconds(5)));
        try (LocalStore store = new LocalStore(spool)) {
            store.createRun(new NewRun(RUN, experiment, "early", 1_700_000_000_000L, "bob", Map.of()));
            store.logBatch(RUN, List.of(new Metric("loss", 0.5, 1_700_000_000_001L, 0)), List.of(), List.of());
            store.endRun(RUN, RunStatus.FINISHED, 1_700_000_000_002L);
        }
        SyncStates states = new SyncStates(spool, uri);
        states.saveNewRun(RUN); // as the backend does
        return new RunShipper(client, new LocalStoreReader(spool), states, (runId, e) -> {
        }, RunShipper.Outputs.NONE);
    }

    private List<String> endpoints() {
        return server.requests().stream().map(r -> r.path().substring(r.path().indexOf("mlflow/") + 7)).toList();
    }

    @Test
    void theWarmUpNeitherWaitsForTheLookupNorSendsAnythingAndTheFirstRunOfTheExperimentTakesItsId() throws Exception {
        RunShipper runs = shipperOfARunIn("fraud");
        String id = server.state().recreateExperiment("fraud");
        CompletableFuture<Optional<String>> lookup = new CompletableFuture<>();
        runs.expect("fraud", lookup);

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> RunShipper.warmUp(new LocalStoreReader(spool)));
        lookup.complete(Optional.of(id));
        runs.ship(RUN, runs.state(RUN));

        assertEquals(id, server.state().runs().get(0).experimentId);
        assertEquals(List.of("runs/create", "runs/log-batch", "runs/update"), endpoints());
    }

    @Test
    void aFailedEarlyLookupIsDoneAgainByTheFirstRunSilently() throws Exception {
        RunShipper runs = shipperOfARunIn("fraud");
        String id = server.state().recreateExperiment("fraud");
        CompletableFuture<Optional<String>> lookup = new CompletableFuture<>();
        runs.expect("fraud", lookup);
        lookup.completeExceptionally(new IOException("connection refused"));

        runs.ship(RUN, runs.state(RUN));

        assertEquals(id, server.state().runs().get(0).experimentId);
        assertEquals(List.of("experiments/get-by-name", "runs/create", "runs/log-batch", "runs/update"), endpoints());
    }
}
