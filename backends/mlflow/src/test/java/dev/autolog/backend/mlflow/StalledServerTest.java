package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer.Fault;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server may stall anywhere in a request, or answer without end; the shipper's sender threads must never be held by
 * it for good, and the application's heap never filled by it.
 */
class StalledServerTest {
    @TempDir
    Path spool;

    /** A well-formed answer far larger than any MLflow sends is refused unread, over either HTTP client. */
    @Test
    void anAnswerLargerThanTheBoundIsRefusedAsATransientFailureWithoutBeingReadWhole() throws Exception {
        String huge = "{\"run\":{\"info\":{\"run_id\":\"r\",\"artifact_uri\":\""
                + "x".repeat(MlflowClient.MAX_ANSWER_BYTES) + "\"}}}";
        try (FakeMlflowServer server = FakeMlflowServer.start(true)) {
            URI uri = URI.create(server.uri());
            MlflowSettings settings = new MlflowSettings(uri, Credentials.from(uri, Map.of()), Tls.DEFAULT,
                    Duration.ofSeconds(20), spool, Duration.ofSeconds(5));
            CookieHandler before = CookieHandler.getDefault();
            for (boolean okHttp : new boolean[] {false, true}) {
                CookieHandler.setDefault(okHttp ? new CookieManager() : null); // an application's: OkHttp then
                try (MlflowClient client = new MlflowClient(settings)) {
                    server.inject(Fault.body("runs/create", 200, huge));
                    MlflowError e = assertThrows(MlflowError.class,
                            () -> client.createRun("0", "big", 1L, "bob", Map.of()));
                    assertTrue(e.isTransient(), e.getMessage());
                    assertTrue(e.getMessage().contains("the answer is larger than 16 MiB"), e.getMessage());
                } finally {
                    CookieHandler.setDefault(before);
                }
            }
        }
    }

    @Test
    void aServerThatStopsReadingABodyHasTheRequestCutAfterTheTimeoutAsATransientFailure() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(listener.accept()); // and never read: the client's writes fill the buffers
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort());
            MlflowSettings settings = new MlflowSettings(uri, Credentials.from(uri, Map.of()), Tls.DEFAULT,
                    Duration.ofSeconds(1), spool, Duration.ofSeconds(5));
            try (MlflowClient client = new MlflowClient(settings)) {
                byte[] model = new byte[64 << 20]; // more than the loopback socket buffers hold
                MlflowError e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(MlflowError.class,
                        () -> client.uploadArtifact("mlflow-artifacts:/0/r/artifacts", "model.bin", model)));
                assertTrue(e.isTransient(), e.getMessage());
            }
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
