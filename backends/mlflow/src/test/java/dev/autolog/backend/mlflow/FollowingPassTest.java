package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autolog.backend.LocalStore;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import dev.autolog.backend.mlflow.testserver.MlflowState;
import dev.autolog.backend.mlflow.testserver.ModelEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pass over a run whose spool is still being written, as in a burst the writer thread is spooling: what arrives
 * while the pass's requests are at the server goes in the same pass, as the next pass would send it.
 */
class FollowingPassTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";
    private static final String MODEL = "m-0123456789abcdef0123456789abcdef";
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path spool;
    private FakeMlflowServer server;
    private LocalStore store;
    private MlflowClient client;
    private SyncStates states;

    @BeforeEach
    void runOf4000Points() throws IOException {
        server = FakeMlflowServer.start(true);
        URI uri = URI.create(server.uri());
        client = new MlflowClient(new MlflowSettings(uri, Credentials.NONE, Tls.DEFAULT, Duration.ofSeconds(30), spool,
                Duration.ofSeconds(30)));
        store = new LocalStore(spool);
        store.createRun(new NewRun(RUN, "Default", "following", T0, "bob", Map.of()));
        store.logBatch(RUN, points("loss", 0, 4000), List.of(), List.of());
        states = new SyncStates(spool, uri);
        states.saveNewRun(RUN);
        server.delayResponses(300);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        store.close();
        server.close();
        LoggedModelSupport.forget(server.uri());
    }

    /** Once the pass has read the spool and its first log-batch is at the server, {@code write} writes more. */
    private void whileTheFirstBatchIsAtTheServer(SpoolWrite write) {
        AtomicBoolean written = new AtomicBoolean();
        server.onArrival(path -> {
            if (path.endsWith("/runs/log-batch") && written.compareAndSet(false, true)) {
                try {
                    write.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    private interface SpoolWrite {
        void run() throws IOException;
    }

    private RunShipper shipper(RunShipper.Outputs outputs) {
        return new RunShipper(client, new LocalStoreReader(spool), states, (runId, e) -> {
        }, outputs);
    }

    @Test
    void pointsWrittenWhileThePassesRequestsAreInFlightGoInTheSamePass() throws Exception {
        RunShipper runs = shipper(RunShipper.Outputs.NONE);
        whileTheFirstBatchIsAtTheServer(() -> store.logBatch(RUN, points("loss", 4000, 7000), List.of(), List.of()));

        assertEquals(7000, runs.ship(RUN, runs.state(RUN)).metrics());

        MlflowState.Run remote = server.state().runs().get(0);
        assertEquals(serverPoints(points("loss", 0, 7000)), MlflowState.inStepOrder(remote.metrics().get("loss")));
        assertEquals(7000, remote.pointsReceived, "each point once");
        assertEquals(1, server.requests().stream().filter(r -> r.path().endsWith("/runs/create")).count());
    }

    @Test
    void aModelLoggedWhileThePassFollowsTheSpoolGetsItsPointsWithItsIdAsTheNextPassWouldSendThem() throws Exception {
        RunShipper runs = shipper(new ModelShipper(client, new SpoolModels(spool), states, (runId, e) -> {
        }, server.uri()));
        List<Metric> auc = points("valid-auc", 0, 1000);
        whileTheFirstBatchIsAtTheServer(() -> {
            SpoolModelFixture local = new SpoolModelFixture(spool, RUN);
            local.loggedModel(MODEL, "model", 1, Map.of(), Map.of());
            store.logBatch(RUN, auc, List.of(), List.of()); // a model's point is the run's too, in both files
            for (Metric m : auc) {
                local.metric(MODEL, m.key(), m.timestampMillis(), m.value(), m.step());
            }
        });

        assertEquals(5000, runs.ship(RUN, runs.state(RUN)).metrics());

        MlflowState.Run remote = server.state().runs().get(0);
        List<ModelEndpoints.LoggedModel> models = server.models().loggedModels();
        assertEquals(1, models.size());
        assertEquals(serverPoints(auc),
                MlflowState.inStepOrder(models.get(0).metrics.getOrDefault("valid-auc", List.of())));
        assertEquals(serverPoints(auc), MlflowState.inStepOrder(remote.metrics().get("valid-auc")));
        assertEquals(5000, remote.pointsReceived, "each point once, a model's with its id");
    }

    private static List<Metric> points(String key, int from, int to) {
        List<Metric> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new Metric(key, 1.0 / (i + 1), T0 + i, i));
        }
        return out;
    }

    private static List<MlflowState.Point> serverPoints(List<Metric> metrics) {
        return metrics.stream().map(m -> new MlflowState.Point(m.value(), m.timestampMillis(), m.step())).toList();
    }
}
