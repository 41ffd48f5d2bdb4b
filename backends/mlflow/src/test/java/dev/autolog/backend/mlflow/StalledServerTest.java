package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.function.Consumer;
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
            overEitherHttpClient(settings, client -> {
                server.inject(Fault.body("runs/create", 200, huge));
                MlflowError e = assertThrows(MlflowError.class, () -> client.createRun("0", "big", 1L, "bob", Map.of()));
                assertTrue(e.isTransient(), e.getMessage());
                assertTrue(e.getMessage().contains("the answer is larger than 16 MiB"), e.getMessage());
            });
        }
    }

    @Test
    void aServerThatStopsReadingABodyHasTheRequestCutAfterTheTimeoutAsATransientFailure() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            accept(listener, accepted, s -> { }); // and never read: the client's writes fill the buffers
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

    /**
     * A body the server takes steadily, but for longer in all than the timeout (a large model over a slow link), is
     * sent whole: only a body the server takes nothing of for the timeout is cut.
     */
    @Test
    void aBodyTheServerTakesSlowlyButSteadilyIsSentWholeThoughItTakesLongerThanTheTimeout() throws Exception {
        int bodyBytes = 16 << 20;
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        long[] received = new long[1];
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReceiveBufferSize(64 * 1024);
            listener.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            accept(listener, accepted, s -> daemon(() -> received[0] = readSlowlyThenAnswer(s, bodyBytes)));
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort());
            MlflowSettings settings = new MlflowSettings(uri, Credentials.from(uri, Map.of()), Tls.DEFAULT,
                    Duration.ofSeconds(1), spool, Duration.ofSeconds(5));
            try (MlflowClient client = new MlflowClient(settings)) {
                long start = System.nanoTime();
                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> client.uploadArtifact(
                        "mlflow-artifacts:/0/r/artifacts", "model.bin", new byte[bodyBytes]));
                assertTrue(System.nanoTime() - start > Duration.ofSeconds(1).toNanos(), "the upload was not slow");
            }
            assertTrue(received[0] >= bodyBytes, "the server read " + received[0]);
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    /** Reads about 8 MiB a second until the request's head and {@code bodyBytes} are in, then answers 200 {}. */
    private static long readSlowlyThenAnswer(Socket s, int bodyBytes) {
        long total = 0;
        try {
            byte[] buffer = new byte[64 * 1024];
            int reads = 0;
            for (int n; total < bodyBytes && (n = s.getInputStream().read(buffer)) > 0; ) {
                total += n;
                if (++reads % 8 == 0) {
                    Thread.sleep(60);
                }
            }
            s.getInputStream().readNBytes(s.getInputStream().available());
            s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        } catch (IOException | InterruptedException closed) {
            // the client gave up
        }
        return total;
    }

    /** The read timeout alone never fired: each byte came before it, and the request was held for as long. */
    @Test
    void anAnswerTricklingInIsCutAfterTheTimeoutOverEitherHttpClient() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            accept(listener, accepted, s -> daemon(() -> trickle(s)));
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort());
            MlflowSettings settings = new MlflowSettings(uri, Credentials.from(uri, Map.of()), Tls.DEFAULT,
                    Duration.ofSeconds(1), spool, Duration.ofSeconds(5));
            overEitherHttpClient(settings, client -> {
                MlflowError e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(
                        MlflowError.class, () -> client.createRun("0", "r", 1L, "bob", Map.of())));
                assertTrue(e.isTransient(), e.getMessage());
                assertTrue(e.getMessage().endsWith(": timed out or cancelled (the answer did not arrive whole within"
                        + " autolog.mlflow.timeout=1000ms)"), e.getMessage());
            });
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private interface ClientCheck {
        void check(MlflowClient client) throws Exception;
    }

    /** {@code check} over the JDK's connections, then over OkHttp (taken when the application set a cookie handler). */
    private static void overEitherHttpClient(MlflowSettings settings, ClientCheck check) throws Exception {
        CookieHandler before = CookieHandler.getDefault();
        for (boolean okHttp : new boolean[] {false, true}) {
            CookieHandler.setDefault(okHttp ? new CookieManager() : null);
            try (MlflowClient client = new MlflowClient(settings)) {
                check.check(client);
            } finally {
                CookieHandler.setDefault(before);
            }
        }
    }

    /** Accepts connections on a daemon thread, each kept in {@code accepted} and handed to {@code served}. */
    private static void accept(ServerSocket listener, List<Socket> accepted, Consumer<Socket> served) {
        daemon(() -> {
            try {
                while (true) {
                    Socket s = listener.accept();
                    accepted.add(s);
                    served.accept(s);
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
    }

    private static void daemon(Runnable work) {
        Thread t = new Thread(work);
        t.setDaemon(true);
        t.start();
    }

    /** Reads the request, then sends a status line and one header byte every 100 ms, without end. */
    private static void trickle(Socket s) {
        try {
            s.getInputStream().read(new byte[65536]);
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write('a');
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException closed) {
            // the client gave up
        }
    }
}
