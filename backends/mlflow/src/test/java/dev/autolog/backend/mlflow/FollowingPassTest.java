package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autolog.backend.LocalStore;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import dev.autolog.backend.mlflow.testserver.MlflowState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pass over a run whose points are still being written, as in a burst the writer thread is spooling. */
class FollowingPassTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path spool;

    @Test
    void pointsWrittenWhileThePassesRequestsAreInFlightGoInTheSamePass() throws Exception {
        try (FakeMlflowServer server = FakeMlflowServer.start(true);
             LocalStore store = new LocalStore(spool)) {
            URI uri = URI.create(server.uri());
            MlflowClient client = new MlflowClient(new MlflowSettings(uri, Credentials.NONE, Tls.DEFAULT,
                    Duration.ofSeconds(30), spool, Duration.ofSeconds(30)));
            store.createRun(new NewRun(RUN, "Default", "following", T0, "bob", Map.of()));
            store.logBatch(RUN, points(0, 4000), List.of(), List.of());
            SyncStates states = new SyncStates(spool, uri);
            states.saveNewRun(RUN);
            RunShipper runs = new RunShipper(client, new LocalStoreReader(spool), states, (runId, e) -> {
            }, RunShipper.Outputs.NONE);
            AtomicBoolean written = new AtomicBoolean();
            server.delayResponses(300);
            server.onArrival(path -> { // the pass has read the spool and its first request is on its way
                if (path.endsWith("/runs/log-batch") && written.compareAndSet(false, true)) {
                    try {
                        store.logBatch(RUN, points(4000, 7000), List.of(), List.of());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            try {
                assertEquals(7000, runs.ship(RUN, runs.state(RUN)).metrics());
            } finally {
                client.close();
            }

            MlflowState.Run remote = server.state().runs().get(0);
            List<Double> values = server.metrics(remote.runId).get("loss").stream()
                    .sorted(Comparator.comparingLong(MlflowState.Point::step)).map(MlflowState.Point::value).toList();
            assertEquals(points(0, 7000).stream().map(Metric::value).toList(), values);
            assertEquals(1, server.requests().stream().filter(r -> r.path().endsWith("/runs/create")).count());
        }
    }

    private static List<Metric> points(int from, int to) {
        List<Metric> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new Metric("loss", 1.0 / (i + 1), T0 + i, i));
        }
        return out;
    }
}
