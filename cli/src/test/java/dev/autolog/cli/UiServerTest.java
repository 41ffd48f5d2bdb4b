package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autolog.backend.LocalStore;
import dev.autolog.backend.LoggedModel;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI's real HTTP server on loopback, on a store written by {@link LocalStore} and edited by hand. */
class UiServerTest {
    private static final String LINKED = "0123456789abcdef0123456789abcdef";
    private static final String PLAIN = "fedcba9876543210fedcba9876543210";
    private static final String SECRET = "the content of a file outside the store";
    private static final String MODEL = "m-00112233445566778899aabbccddeeff";
    private static final String BIG_MODEL = "m-ffeeddccbbaa99887766554433221100";

    @TempDir
    Path dir;
    private Path store;
    private Path outside;
    private UiServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void storeWithTwoRuns() throws Exception {
        store = dir.resolve("mlruns");
        LocalStore writer = new LocalStore(store);
        writer.createRun(new NewRun(LINKED, "Default", "linked", 1000, "me", Map.of()));
        writer.createRun(new NewRun(PLAIN, "Default", "plain", 2000, "me", Map.of()));
        writer.logBatch(PLAIN, List.of(new Metric("loss", 0.5, 1000, 0)), List.of(), List.of());
        writer.logArtifact(PLAIN, "notes/readme.txt", "hello".getBytes(StandardCharsets.UTF_8));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.writeString(outside.resolve("points"), "1700000000000 42.0 0\n");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private Path runDir(String id) {
        return store.resolve("0").resolve(id);
    }

    private void start(InetAddress address, UiAccess access) throws Exception {
        server = UiServer.start(new Store(store, warnings::add), address, 0, access);
    }

    private int port() {
        return URI.create(server.url()).getPort();
    }

    private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        if (server == null) {
            start(InetAddress.getLoopbackAddress(), UiAccess.open());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/"
                + pathAndQuery)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends bytes as they are and reads the answer until the server closes the connection. */
    private String raw(String request) throws Exception {
        return raw(InetAddress.getLoopbackAddress(), request);
    }

    private String raw(InetAddress to, String request) throws Exception {
        try (Socket socket = new Socket(to, port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void anArtifactsDirectoryThatIsASymbolicLinkToTheRootServesNothing() throws Exception {
        Path artifacts = runDir(LINKED).resolve("artifacts");
        Files.delete(artifacts);
        Files.createSymbolicLink(artifacts, Path.of("/"));
        String secret = outside.resolve("secret.txt").toString().substring(1);
        for (String path : List.of(secret, "etc/passwd", "/etc/passwd")) {
            HttpResponse<String> r = get("api/artifact?id=" + LINKED + "&path=" + path);
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, path + " -> " + r.statusCode());
            assertFalse(r.body().contains(SECRET) || r.body().contains("root:"), r.body());
        }
        HttpResponse<String> run = get("api/run?id=" + LINKED);
        assertEquals(200, run.statusCode());
        assertTrue(run.body().contains("\"artifacts\":[]"), run.body());
    }

    @Test
    void aDirectoryOrFileLinkedOutOfTheArtifactsIsNeitherListedNorServed() throws Exception {
        Path artifacts = runDir(PLAIN).resolve("artifacts");
        Files.createSymbolicLink(artifacts.resolve("sub"), outside);
        Files.createSymbolicLink(artifacts.resolve("notes/link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(artifacts.resolve("inside.txt"), artifacts.resolve("notes/readme.txt"));
        for (String path : List.of("sub/secret.txt", "notes/link.txt")) {
            HttpResponse<String> r = get("api/artifact?id=" + PLAIN + "&path=" + path);
            assertEquals(404, r.statusCode(), path);
            assertFalse(r.body().contains(SECRET), r.body());
        }
        assertEquals("hello", get("api/artifact?id=" + PLAIN + "&path=inside.txt").body());
        HttpResponse<String> run = get("api/run?id=" + PLAIN);
        assertTrue(run.body().contains("\"artifacts\":[{\"path\":\"inside.txt\",\"size\":5,\"inline\":true},"
                + "{\"path\":\"notes/readme.txt\",\"size\":5,\"inline\":true}]"), run.body());
    }

    @Test
    void infiniteAndNanMetricValuesAreSentAsTheTextsMlflowWritesNotAsNull() throws Exception {
        new LocalStore(store).logBatch(PLAIN, List.of(new Metric("auc", 0.9, 1000, 0),
                new Metric("auc", Double.POSITIVE_INFINITY, 1001, 1), new Metric("auc", Double.NEGATIVE_INFINITY, 1002,
                        2), new Metric("gap", Double.NaN, 1003, 0)), List.of(), List.of());

        String body = get("api/run?id=" + PLAIN).body();

        assertTrue(body.contains("{\"key\":\"auc\",\"latest\":\"-Infinity\",\"latest_step\":2,\"best\":\"Infinity\","),
                body);
        assertTrue(body.contains("{\"key\":\"gap\",\"latest\":\"NaN\",\"latest_step\":0,\"best\":\"NaN\","), body);
    }

    @Test
    void aFolderSwappedForALinkOutsideWhileItsFileIsServedNeverServesTheOutsideFile() throws Exception {
        Path artifacts = runDir(PLAIN).resolve("artifacts");
        Path race = artifacts.resolve("race");
        Files.writeString(Files.createDirectory(race).resolve("secret.txt"), "inside");
        int leaks = 0;
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        try (FolderSwap swap = new FolderSwap(race, outside)) {
            for (int i = 0; i < 2_000; i++) {
                HttpResponse<String> r = get("api/artifact?id=" + PLAIN + "&path=race/secret.txt");
                leaks += r.body().contains(SECRET) ? 1 : 0;
                statuses.merge(r.statusCode(), 1, Integer::sum);
                if (!(r.statusCode() == 200 ? r.body().equals("inside") : r.statusCode() == 404
                        && r.body().equals("{\"error\":\"no artifact 'race/secret.txt' in run " + PLAIN + "\"}"))) {
                    unexpected.add(r.statusCode() + " " + r.body());
                }
            }
        }
        assertEquals(0, leaks, "answers holding the outside file, of " + statuses);
        assertEquals(List.of(), unexpected);
        assertTrue(statuses.getOrDefault(200, 0) > 0, statuses.toString());
    }

    @Test
    void aFileLinkedOutsideAnswersExactlyAsAMissingOneAndAFifoIsSaidNotToBeAFile() throws Exception {
        Path artifacts = runDir(PLAIN).resolve("artifacts");
        Files.createSymbolicLink(artifacts.resolve("etc"), outside);
        new ProcessBuilder("mkfifo", artifacts.resolve("pipe").toString()).start().waitFor();
        HttpResponse<String> there = get("api/artifact?id=" + PLAIN + "&path=etc/secret.txt");
        HttpResponse<String> missing = get("api/artifact?id=" + PLAIN + "&path=etc/nothing.txt");
        assertEquals(404, there.statusCode());
        assertEquals(404, missing.statusCode());
        assertEquals("{\"error\":\"no artifact 'etc/secret.txt' in run " + PLAIN + "\"}", there.body());
        assertEquals(there.body().replace("secret.txt", "nothing.txt"), missing.body());
        assertEquals(there.headers().map().keySet(), missing.headers().map().keySet());
        HttpResponse<String> pipe = get("api/artifact?id=" + PLAIN + "&path=pipe");
        assertEquals(404, pipe.statusCode());
        assertEquals("{\"error\":\"artifact 'pipe' in run " + PLAIN + " is not a regular file (a device, FIFO or"
                + " socket)\"}", pipe.body());
    }

    @Test
    void aModelsMlmodelLinkedOutsideOrOversizedIsNotReadAndTheRunIsStillShown() throws Exception {
        LocalStore writer = new LocalStore(store);
        writer.createLoggedModel(new LoggedModel(PLAIN, MODEL, "model", 2000));
        writer.createLoggedModel(new LoggedModel(PLAIN, BIG_MODEL, "big", 2000));
        Files.writeString(outside.resolve("MLmodel"), "flavors:\n  " + SECRET.replace(' ', '_') + ":\n");
        Files.createDirectories(runDir(PLAIN).resolve("artifacts/model"));
        Files.createSymbolicLink(runDir(PLAIN).resolve("artifacts/model/MLmodel"), outside.resolve("MLmodel"));
        Files.createDirectories(runDir(PLAIN).resolve("artifacts/big"));
        try (RandomAccessFile sparse = new RandomAccessFile(runDir(PLAIN).resolve("artifacts/big/MLmodel").toFile(),
                "rw")) {
            sparse.setLength(3L << 30);
        }
        HttpResponse<String> run = get("api/run?id=" + PLAIN);
        assertEquals(200, run.statusCode(), run.body());
        assertFalse(run.body().contains(SECRET.replace(' ', '_')), run.body());
        assertTrue(run.body().contains("\"models\":[" + unread("model", MODEL) + "," + unread("big", BIG_MODEL) + "]"),
                run.body());
    }

    private static String unread(String path, String modelId) {
        return "{\"path\":\"" + path + "\",\"model_id\":\"" + modelId + "\",\"status\":\"PENDING\",\"flavors\":[],"
                + "\"signature_inputs\":null,\"registered_versions\":[],\"signature\":\"\"}";
    }

    @Test
    void anArtifactLargerThanAnArrayCanHoldIsStreamedNotReadWhole() throws Exception {
        long size = (1L << 31) + 3;
        try (RandomAccessFile sparse = new RandomAccessFile(runDir(PLAIN).resolve("artifacts/model.bin").toFile(),
                "rw")) {
            sparse.setLength(size);
            sparse.write(new byte[] {'b', 'e', 'g'});
        }
        start(InetAddress.getLoopbackAddress(), UiAccess.open());
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port()
                + "/api/artifact?id=" + PLAIN + "&path=model.bin&download")).build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, r.statusCode());
        assertEquals(Optional.of(Long.toString(size)), r.headers().firstValue("content-length"));
        try (InputStream body = r.body()) {
            assertEquals("beg", new String(body.readNBytes(3), StandardCharsets.US_ASCII));
            assertEquals(1 << 20, body.readNBytes(1 << 20).length);
        }
    }

    @Test
    void paramsTagsAndMetricsLinkedOutOfTheRunAreNotRead() throws Exception {
        Path run = runDir(PLAIN);
        Files.createSymbolicLink(run.resolve("params/leak"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(run.resolve("tags/leak"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(run.resolve("metrics/leak"), outside.resolve("points"));
        Path linkedMetrics = runDir(LINKED).resolve("metrics");
        Files.delete(linkedMetrics);
        Files.createSymbolicLink(linkedMetrics, outside);
        for (String query : List.of("api/run?id=" + PLAIN, "api/metrics?id=" + PLAIN, "api/runs",
                "api/run?id=" + LINKED, "api/metrics?id=" + LINKED)) {
            HttpResponse<String> r = get(query);
            assertEquals(200, r.statusCode(), query);
            assertFalse(r.body().contains(SECRET) || r.body().contains("leak") || r.body().contains("42.0"),
                    query + " -> " + r.body());
        }
        assertTrue(get("api/metrics?id=" + PLAIN).body().contains("\"loss\""));
    }

    @Test
    void aRunWhoseMetaYamlIsASymbolicLinkIsSkipped() throws Exception {
        Path meta = runDir(LINKED).resolve("meta.yaml");
        Files.move(meta, outside.resolve("meta.yaml"));
        Files.createSymbolicLink(meta, outside.resolve("meta.yaml"));
        HttpResponse<String> runs = get("api/runs");
        assertTrue(runs.body().startsWith("{\"total\":1,\"offset\":0,\"limit\":100,\"columns\":[],\"runs\":"
                + "[{\"run_id\":\"" + PLAIN + "\""), runs.body());
        assertEquals(404, get("api/run?id=" + LINKED).statusCode());
    }

    @Test
    void aRunOrExperimentNotFoundIsAnsweredWithoutTheStoresPath() throws Exception {
        HttpResponse<String> run = get("api/run?id=nosuchrun");
        assertEquals(404, run.statusCode());
        assertEquals("{\"error\":\"no run 'nosuchrun' in the store (give a run id or its first 8+ characters, a run"
                + " name or 'last'; see 'runs list')\"}", run.body());
        HttpResponse<String> experiment = get("api/runs?experiment=nosuch");
        assertEquals(404, experiment.statusCode());
        assertEquals("{\"error\":\"no experiment 'nosuch' in the store (give an id or a name; see 'experiments"
                + " list')\"}", experiment.body());
    }

    @Test
    void stalledClientsDoNotStopTheUiAnsweringOthers() throws Exception {
        start(InetAddress.getLoopbackAddress(), UiAccess.open());
        String[] halves = {"GET /api/ru", "GET /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Ag",
                "POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{\"half\":"};
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 3 * UiServer.WORKERS; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port());
                stalled.add(socket);
                socket.getOutputStream().write(halves[i % halves.length].getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            HttpResponse<String> r = get("api/runs");
            assertEquals(200, r.statusCode());
            assertTrue(r.body().startsWith("{\"total\":2,"), r.body());
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void requestsWaitingForAMetricParseDoNotStopTheUiAnsweringOthers() throws Exception {
        start(InetAddress.getLoopbackAddress(), UiAccess.open());
        HttpClient quick = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<CompletableFuture<HttpResponse<String>>> charts = new ArrayList<>();
        HttpResponse<String> runs;
        HttpResponse<String> page;
        // a parse of a huge metric file holds the lock for as long as the test holds it here
        synchronized (server.api.cache.parsing) {
            for (int i = 0; i < 3 * UiServer.WORKERS; i++) {
                charts.add(quick.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port()
                        + "/api/metrics?id=" + PLAIN)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(300);
            runs = quick.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/runs"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            page = quick.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertTrue(runs.body().startsWith("{\"total\":2,"), runs.body());
        assertEquals(200, page.statusCode());
        for (CompletableFuture<HttpResponse<String>> chart : charts) {
            HttpResponse<String> r = chart.get(20, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"loss\""), r.body());
        }
    }

    /**
     * A series request the UI refuses (no token, the Host of another site) is answered at once on Jetty's thread:
     * with both parse workers busy, a flood of them neither waits behind the parse nor fills the queue the user's
     * own charts wait in.
     */
    @Test
    void refusedSeriesRequestsAreAnsweredAtOnceAndNeverFillTheParseQueue() throws Exception {
        start(InetAddress.getLoopbackAddress(), new UiAccess(Set.of(), "s3cret-token"));
        HttpClient quick = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest chart = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/metrics?id="
                + PLAIN)).header(UiServer.TOKEN_HEADER, "s3cret-token").build();
        HttpRequest tokenless = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/metrics?id="
                + PLAIN)).build();
        List<CompletableFuture<HttpResponse<String>>> charts = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> refused = new ArrayList<>();
        String forgedHost;
        synchronized (server.api.cache.parsing) {
            for (int i = 0; i < 2; i++) { // both series workers wait for the parse
                charts.add(quick.sendAsync(chart, HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(300);
            for (int i = 0; i < UiServer.SERIES_QUEUE + 20; i++) {
                refused.add(quick.sendAsync(tokenless, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> r : refused) {
                assertEquals(401, r.get(20, TimeUnit.SECONDS).statusCode());
            }
            forgedHost = raw("GET /api/metrics?id=" + PLAIN + " HTTP/1.1\r\nHost: attacker.example\r\n"
                    + UiServer.TOKEN_HEADER + ": s3cret-token\r\nConnection: close\r\n\r\n");
            charts.add(quick.sendAsync(chart, HttpResponse.BodyHandlers.ofString()));
            Thread.sleep(300);
        }
        assertTrue(forgedHost.startsWith("HTTP/1.1 403"), forgedHost);
        for (CompletableFuture<HttpResponse<String>> c : charts) {
            HttpResponse<String> r = c.get(20, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"loss\""), r.body());
        }
    }

    @Test
    void oversizedHeadersAndBodiesAreRefusedWithoutBeingRead() throws Exception {
        start(InetAddress.getLoopbackAddress(), UiAccess.open());
        String huge = raw("GET /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(64 * 1024)
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(huge.startsWith("HTTP/1.1 431 "), huge);
        String body = raw("POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000000\r\n"
                + "Connection: close\r\n\r\n" + "a".repeat(1000));
        assertTrue(body.startsWith("HTTP/1.1 413 "), body);
        assertEquals(200, get("api/runs").statusCode());
    }

    @Test
    void aWildcardBindAnswersLoopbackItsOwnAddressAndAllowedNamesOnly() throws Exception {
        start(InetAddress.getByName("0.0.0.0"), new UiAccess(Set.of("ui.example.org"), null));
        for (String host : List.of("127.0.0.1:" + port(), "localhost", "0.0.0.0:" + port(),
                "ui.example.org:" + port())) {
            String r = raw("GET /api/experiments HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            assertTrue(r.startsWith("HTTP/1.1 200 "), host + " -> " + r);
        }
        for (String host : List.of("rebound.example:" + port(), "ui.example.org.evil.example", "")) {
            String r = raw("GET /api/experiments HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            assertTrue(r.startsWith("HTTP/1.1 403 ") || host.isEmpty() && r.startsWith("HTTP/1.1 400 "),
                    host + " -> " + r);
            assertFalse(r.contains("Default"), r);
        }
    }

    @Test
    void aWildcardBindIsSaidToReachEveryIPv4AndIPv6AddressForTheJdkBindsItDualStack() throws Exception {
        InetAddress ipv6Loopback = InetAddress.getByName("::1");
        try (ServerSocket probe = new ServerSocket(0, 1, ipv6Loopback)) {
            assertTrue(probe.isBound());
        } catch (IOException noIpv6) {
            assumeTrue(false, "this machine has no IPv6: " + noIpv6);
        }
        start(InetAddress.getByName("0.0.0.0"), new UiAccess(Set.of(), null));
        assertEquals(InetAddress.getByName("::"), server.listening());
        String r = raw(ipv6Loopback, "GET /api/experiments HTTP/1.1\r\nHost: [::1]:" + port()
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(r.startsWith("HTTP/1.1 200 "), r);
        assertEquals("warning: the UI listens on every IPv4 and IPv6 address of this machine: anyone who can reach this"
                + " machine can read the store, without authentication (pass --token to require one, or bind to"
                + " 127.0.0.1)", UiCommand.exposureWarning(server.listening(), false));
    }

    @Test
    void theExposureWarningNamesWhatIsReachableAndIsSilentOnLoopback() throws Exception {
        assertEquals("warning: the UI listens on every IPv4 address of this machine: anyone who can reach this"
                + " machine can read the store, without authentication (pass --token to require one, or bind to"
                + " 127.0.0.1)", UiCommand.exposureWarning(InetAddress.getByName("0.0.0.0"), false));
        assertEquals("warning: the UI listens on 192.168.1.5: anyone who can reach this machine and has the address"
                + " above can read the store; plain HTTP, so the token can be seen on the network",
                UiCommand.exposureWarning(InetAddress.getByName("192.168.1.5"), true));
        assertEquals(null, UiCommand.exposureWarning(InetAddress.getByName("::1"), false));
        assertEquals(null, UiCommand.exposureWarning(InetAddress.getByName("127.0.0.1"), false));
    }

    @Test
    void allowedHostsAreTheBoundNameAndEveryAllowHostRepeatedOrCommaSeparated() {
        UiAccess access = UiAccess.forCommand("UI.lan", List.of("a.example, B.example", "[::1]", "10.0.0.5"), true);
        assertEquals(Set.of("ui.lan", "a.example", "b.example", "::1", "10.0.0.5"), access.allowedHosts());
        assertTrue(access.token().matches("[A-Za-z0-9_-]{32}"), access.token());
        assertEquals(null, UiAccess.forCommand("0.0.0.0", List.of(), false).token());
        CliException e = assertThrows(CliException.class,
                () -> UiAccess.forCommand("h", List.of("ok,bad/name"), false));
        assertEquals("--allow-host 'bad/name' is not a host name (accepted: names like ui.example.org or addresses,"
                + " comma-separated)", e.getMessage());
    }

    /**
     * The API answers only with the token, in the pages' header or a link's query; the pages hold no store data and
     * need none. No cookie: a browser would send it to every port of the host, to other services too.
     */
    @Test
    void theApiNeedsTheTokenInItsHeaderOrTheQueryAndNoCookieCarriesIt() throws Exception {
        start(InetAddress.getLoopbackAddress(), new UiAccess(Set.of(), "s3cret-token"));
        assertEquals(401, get("api/runs").statusCode());
        assertEquals(401, get("api/runs?token=wrong").statusCode());
        assertEquals(401, get("api/runs", UiServer.TOKEN_HEADER, "wrong").statusCode());
        assertEquals(200, get("api/runs", UiServer.TOKEN_HEADER, "s3cret-token").statusCode());
        assertEquals(200, get("api/runs?token=s3cret-token").statusCode());
        HttpResponse<String> page = get("?token=s3cret-token");
        assertEquals(200, page.statusCode());
        assertEquals(200, get("").statusCode());
        assertEquals(200, get("static/app.js").statusCode());
        assertEquals(Optional.empty(), page.headers().firstValue("Set-Cookie"));
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElseThrow());
    }
}
