package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

/** A server may stall anywhere in a request; the shipper's sender threads must never be held by it for good. */
class StalledServerTest {
    @TempDir
    Path spool;

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
