package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autolog.RunStatus;
import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import dev.autolog.logging.Diagnostics;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import dev.autolog.backend.mlflow.testserver.SelfSignedCertificate;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer.Fault;
import dev.autolog.backend.mlflow.testserver.MlflowState;
import dev.autolog.logging.Said;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend against a real HTTP server on loopback that answers as MLflow does. */
class MlflowBackendTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";
    private static final long START = 1_700_000_000_000L;

    @TempDir
    Path spool;
    private FakeMlflowServer server;
    private final List<MlflowBackend> backends = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (MlflowBackend b : backends) {
            b.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private MlflowBackend backend(Map<String, String> env) throws Exception {
        return backend(env, Tls.DEFAULT, Duration.ofSeconds(20), Backoff.standard());
    }

    private MlflowBackend backend(Tls tls, Duration flushTimeout) throws Exception {
        return backend(Map.of(), tls, flushTimeout, Backoff.standard());
    }

    private MlflowBackend backend(Map<String, String> env, Tls tls, Duration flushTimeout, Backoff backoff)
            throws Exception {
        URI uri = URI.create(server.uri());
        MlflowBackend b = new MlflowBackend(new MlflowSettings(MlflowSettings.withoutUserInfo(uri),
                Credentials.from(uri, env), tls, Duration.ofSeconds(5), spool, flushTimeout), backoff);
        backends.add(b);
        return b;
    }

    private static List<Metric> points(String key, int from, int to) {
        List<Metric> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new Metric(key, 1.0 / (i + 1), START + 1000 + i, i));
        }
        return out;
    }

    private static NewRun newRun() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.autologging", "xgboost");
        tags.put("mlflow.source.name", "Train");
        return new NewRun(RUN, "fraud", "xgboost-run", START, "alice", tags);
    }

    private MlflowState.Run onlyRun() {
        List<MlflowState.Run> runs = server.state().runs();
        assertEquals(1, runs.size(), runs::toString);
        return runs.get(0);
    }

    /** Batches travel in parallel, so arrival order is free; what MLflow shows is ordered by step and timestamp. */
    private static void assertPoints(List<Metric> expected, List<MlflowState.Point> actual) {
        assertEquals(expected.stream().map(m -> new MlflowState.Point(m.value(), m.timestampMillis(), m.step())).toList(),
                MlflowState.inStepOrder(actual));
    }

    /** A stray file among the sync states used to make the whole server unusable: runs went to ./mlruns instead. */
    @Test
    void anUnreadableSyncStateInTheSpoolLeavesTheServerInUseForNewRuns() throws Exception {
        server = FakeMlflowServer.start(true);
        SyncStates states = new SyncStates(spool, URI.create(server.uri()));
        Files.createDirectories(states.dir());
        Files.writeString(states.dir().resolve("notes.json"), "garbage{");

        String output = Said.text(() -> {
            MlflowBackend b = backend(Map.of());
            b.createRun(newRun());
            b.logBatch(RUN, points("loss", 0, 30), List.of(), List.of());
            b.endRun(RUN, RunStatus.FINISHED, START + 9000);
            b.flush();
        });

        MlflowState.Run run = onlyRun();
        assertPoints(points("loss", 0, 30), run.metrics().get("loss"));
        assertEquals("FINISHED", run.status);
        assertEquals(1, output.lines().filter(l -> l.contains("notes.json")).count(), output);
    }

    /** Each run used to leave its lock file in the sync directory for good. */
    @Test
    void aRunOnTheServerWithItsEndLeavesNoLockFileBehind() throws Exception {
        server = FakeMlflowServer.start(true);
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        b.logBatch(RUN, points("loss", 0, 30), List.of(), List.of());
        Path lock = new SyncStates(spool, URI.create(server.uri())).dir().resolve(RUN + ".lock");
        assertTrue(Files.isRegularFile(lock));

        b.endRun(RUN, RunStatus.FINISHED, START + 9000);
        b.flush();

        assertEquals("FINISHED", onlyRun().status);
        assertFalse(Files.exists(lock));
    }

    /**
     * The answer to a run's creation is lost, and a tag is written before the next try finds the run by its local
     * id: the run found carries only the tags its creation sent, so the tag still goes, with the data.
     */
    @Test
    void aTagWrittenAfterACreationWhoseAnswerWasLostStillReachesTheRunFoundLater() throws Exception {
        server = FakeMlflowServer.start(true);
        server.inject(Fault.dropAfterProcessing("runs/create"));
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.state().runs().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, server.state().runs().size(), "the first creation reached the server");
        b.logBatch(RUN, points("loss", 0, 30), List.of(), List.of(new Tag("estimator", "Booster")));
        b.endRun(RUN, RunStatus.FINISHED, START + 9000);
        b.flush();

        MlflowState.Run run = onlyRun();
        assertEquals("Booster", run.tags.get("estimator"));
        assertEquals("alice", run.tags.get("mlflow.user"));
        assertPoints(points("loss", 0, 30), run.metrics().get("loss"));
        assertEquals("FINISHED", run.status);
    }

    /**
     * The JDK's connections hand every request and answer to the application's default cookie handler: with one
     * set, the backend's requests go through OkHttp, which the handler never sees, and the whole run still arrives.
     */
    @Test
    void anApplicationsCookieHandlerNeverSeesTheBackendsRequests() throws Exception {
        server = FakeMlflowServer.start(true);
        AtomicInteger consulted = new AtomicInteger();
        CookieHandler before = CookieHandler.getDefault();
        CookieHandler.setDefault(new CookieHandler() {
            @Override
            public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
                consulted.incrementAndGet();
                return Map.of();
            }

            @Override
            public void put(URI uri, Map<String, List<String>> headers) {
                consulted.incrementAndGet();
            }
        });
        try {
            MlflowBackend b = backend(Map.of());
            b.createRun(newRun());
            b.logBatch(RUN, points("loss", 0, 1500), List.of(new Param("depth", "3")), List.of());
            b.logArtifact(RUN, "notes.txt", "n".getBytes(StandardCharsets.UTF_8));
            b.endRun(RUN, RunStatus.FINISHED, START + 9000);
            b.flush();
        } finally {
            CookieHandler.setDefault(before);
        }
        assertEquals(0, consulted.get());
        assertPoints(points("loss", 0, 1500), onlyRun().metrics().get("loss"));
        assertEquals("FINISHED", onlyRun().status);
        assertEquals(1, server.state().artifacts().size());
    }

    @Test
    void aRunArrivesWithItsNameStartTimeUserTagsParamsMetricsStatusAndArtifacts() throws Exception {
        server = FakeMlflowServer.start(true);
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        b.logBatch(RUN, points("train-logloss", 0, 2500), List.of(new Param("max_depth", "3"), new Param("eta", "0.3")),
                List.of(new Tag("estimator", "Booster")));
        b.logArtifact(RUN, "model/model.ubj", "{model}".getBytes(StandardCharsets.UTF_8));
        b.endRun(RUN, RunStatus.FINISHED, START + 9000);
        b.flush();

        MlflowState.Run run = onlyRun();
        assertEquals(server.state().experimentId("fraud"), run.experimentId);
        assertEquals("xgboost-run", run.runName);
        assertEquals(START, run.startTime);
        assertEquals("alice", run.userId);
        assertEquals(Map.of("max_depth", "3", "eta", "0.3"), run.params);
        assertEquals("xgboost", run.tags.get("mlflow.autologging"));
        assertEquals("xgboost-run", run.tags.get("mlflow.runName"));
        assertEquals("alice", run.tags.get("mlflow.user"));
        assertEquals("Booster", run.tags.get("estimator"));
        assertEquals(RUN, run.tags.get(RunShipper.LOCAL_RUN_TAG));
        assertPoints(points("train-logloss", 0, 2500), run.metrics().get("train-logloss"));
        assertEquals(2500, run.pointsReceived);
        assertEquals("FINISHED", run.status);
        assertEquals(START + 9000, run.endTime);
        String artifact = run.experimentId + "/" + run.runId + "/artifacts/model/model.ubj";
        assertEquals("{model}", new String(server.state().artifacts().get(artifact), StandardCharsets.UTF_8));
    }

    @Test
    void aBurstWrittenInPartsTravelsInFullRequestsOnly() throws Exception {
        server = FakeMlflowServer.start(true);
        URI uri = URI.create(server.uri());
        // no pass after a quiet time in this test (it would send what is left, as it should): passes start only
        // because a run was created, ten requests' worth wait, or a flush waits
        MlflowBackend b = new MlflowBackend(new MlflowSettings(uri, Credentials.NONE, Tls.DEFAULT, Duration.ofSeconds(5),
                spool, Duration.ofSeconds(20)), Backoff.standard(), null, Duration.ofMinutes(10));
        backends.add(b);
        b.createRun(newRun());
        // more than ten requests' worth: a pass starts at once, sends ten full requests and keeps the rest back
        b.logBatch(RUN, points("loss", 0, 10_500), List.of(), List.of());
        while (server.state().runs().isEmpty() || onlyRun().pointsReceived < 10_000) {
            Thread.sleep(5);
        }
        b.logBatch(RUN, points("loss", 10_500, 20_000), List.of(), List.of());
        b.endRun(RUN, RunStatus.FINISHED, START + 9000);
        b.flush();

        List<Integer> sizes = server.requests().stream().filter(r -> r.path().endsWith("runs/log-batch"))
                .map(r -> r.body().path("metrics").size()).toList();
        assertEquals(Collections.nCopies(20, 1000), sizes);
        assertEquals(List.of("experiments/get-by-name", "experiments/create", "runs/create", "runs/update"),
                server.requests().stream().map(r -> r.path().replaceFirst(".*/mlflow/", ""))
                        .filter(p -> !p.equals("runs/log-batch")).toList());
        assertPoints(points("loss", 0, 20_000), onlyRun().metrics().get("loss"));
    }

    @Test
    void requestsHaveMlflowsFieldNamesAndTypes() throws Exception {
        server = FakeMlflowServer.start(true);
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        b.logBatch(RUN, List.of(new Metric("loss", Double.NaN, START + 1, 0), new Metric("loss", 0.25, START + 2, 1)),
                List.of(), List.of());
        b.endRun(RUN, RunStatus.FAILED, START + 5);
        b.flush();

        List<FakeMlflowServer.Request> requests = server.requests();
        // a run this JVM created cannot be on the server yet: no runs/search for it
        assertEquals(List.of("GET /api/2.0/mlflow/experiments/get-by-name", "POST /api/2.0/mlflow/experiments/create",
                "POST /api/2.0/mlflow/runs/create", "POST /api/2.0/mlflow/runs/log-batch",
                "POST /api/2.0/mlflow/runs/update"),
                requests.stream().map(r -> r.method() + " " + r.path()).toList());
        assertTrue(requests.stream().allMatch(r -> r.status() == 200 || r.path().endsWith("get-by-name")), requests::toString);
        assertEquals("experiment_name=fraud", requests.get(0).query());
        JsonNode create = requests.get(2).body();
        assertTrue(create.path("experiment_id").isTextual());
        assertTrue(create.path("start_time").isIntegralNumber());
        assertTrue(create.path("tags").get(0).path("key").isTextual());
        JsonNode batch = requests.get(3).body();
        assertEquals(onlyRun().runId, batch.path("run_id").asText());
        assertEquals("NaN", batch.path("metrics").get(0).path("value").asText());
        JsonNode point = batch.path("metrics").get(1);
        assertTrue(point.path("value").isDouble() && point.path("timestamp").isIntegralNumber()
                && point.path("step").isIntegralNumber(), point::toString);
        JsonNode update = requests.get(4).body();
        assertEquals("FAILED", update.path("status").asText());
        assertEquals(START + 5, update.path("end_time").asLong());
    }

    @Test
    void whileTheServerIsDownEverythingIsSpooledAndReplayedInOrderWithoutDuplicates() throws Exception {
        server = FakeMlflowServer.start(true);
        server.down();
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        for (int i = 0; i < 30; i++) {
            b.logBatch(RUN, points("loss", i * 100, i * 100 + 100), List.of(), List.of());
        }
        b.logInputs(RUN, List.of(TRAIN));
        b.endRun(RUN, RunStatus.FINISHED, START + 9000);
        Thread.sleep(1200);
        assertTrue(server.state().runs().isEmpty());

        server.up();
        b.flush();

        MlflowState.Run run = onlyRun();
        assertPoints(points("loss", 0, 3000), run.metrics().get("loss"));
        assertEquals(3000, run.pointsReceived, "a point was sent twice");
        assertEquals("FINISHED", run.status);
        assertEquals(List.of("train|04bbaecb"), List.copyOf(run.datasetInputs.keySet()));
    }

    private static final DatasetInput TRAIN = new DatasetInput("train", "04bbaecb", "local",
            "{\"uri\": \"/data/train.csv\"}", "{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"f0\"}]}",
            "{\"num_rows\": 3}", "training");

    @Test
    void datasetInputsTravelOnceInLogInputsWithMlflowsFieldsAndContextTag() throws Exception {
        server = FakeMlflowServer.start(true);
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        DatasetInput valid = new DatasetInput("valid", "12345678", "code", "{\"tags\": {}}", null, null, "eval");
        b.logInputs(RUN, List.of(TRAIN));
        b.flush();
        b.logInputs(RUN, List.of(TRAIN, valid));
        b.endRun(RUN, RunStatus.FINISHED, START + 10);
        b.flush();

        List<JsonNode> sent = server.requests().stream().filter(r -> r.path().endsWith("runs/log-inputs"))
                .map(FakeMlflowServer.Request::body).toList();
        assertEquals(2, sent.size(), sent::toString);
        String remote = onlyRun().runId;
        assertEquals("{\"run_id\":\"" + remote + "\",\"datasets\":[{\"tags\":[{\"key\":\"mlflow.data.context\","
                + "\"value\":\"training\"}],\"dataset\":{\"name\":\"train\",\"digest\":\"04bbaecb\","
                + "\"source_type\":\"local\",\"source\":\"{\\\"uri\\\": \\\"/data/train.csv\\\"}\","
                + "\"schema\":\"{\\\"mlflow_colspec\\\": [{\\\"type\\\": \\\"double\\\", \\\"name\\\": "
                + "\\\"f0\\\"}]}\",\"profile\":\"{\\\"num_rows\\\": 3}\"}}]}", sent.get(0).toString());
        assertEquals(1, sent.get(1).path("datasets").size(), "an input the server has was sent again");
        assertEquals("valid", sent.get(1).path("datasets").get(0).path("dataset").path("name").asText());
        assertEquals(List.of("train|04bbaecb", "valid|12345678"), List.copyOf(onlyRun().datasetInputs.keySet()));
    }

    @Test
    void aDatasetTheServerRefusesIsSkippedAndTheRunStillArrives() throws Exception {
        server = FakeMlflowServer.start(true);
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        b.logInputs(RUN, List.of(new DatasetInput("train", "d".repeat(37), "local", "{}", null, null, "training")));
        b.logBatch(RUN, points("loss", 0, 5), List.of(), List.of());
        b.endRun(RUN, RunStatus.FINISHED, START + 10);
        b.flush();

        MlflowState.Run run = onlyRun();
        assertEquals(Map.of(), run.datasetInputs);
        assertPoints(points("loss", 0, 5), run.metrics().get("loss"));
        assertEquals("FINISHED", run.status);
        assertEquals(400, server.requests().stream().filter(r -> r.path().endsWith("runs/log-inputs")).findFirst()
                .orElseThrow().status());
    }

    @Test
    void aFlushDoesNotSleepOutALongBackoffOnceTheServerIsBack() throws Exception {
        server = FakeMlflowServer.start(true);
        server.down();
        MlflowBackend b = backend(Map.of(), Tls.DEFAULT, Duration.ofSeconds(20),
                new Backoff(Duration.ofMinutes(10), Duration.ofMinutes(10), () -> 0.5));
        b.createRun(newRun());
        b.logBatch(RUN, points("loss", 0, 50), List.of(), List.of());
        b.endRun(RUN, RunStatus.FINISHED, START + 9000);
        Thread.sleep(Shipper.LINGER.toMillis() + 500); // the first attempt failed: the shipper sleeps minutes

        server.up();
        long start = System.nanoTime();
        b.flush();

        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited < 5000, "flush waited " + waited + "ms");
        assertPoints(points("loss", 0, 50), onlyRun().metrics().get("loss"));
        assertEquals("FINISHED", onlyRun().status);
    }

    /** The configuration refuses such a timeout; whatever reaches the backend, its deadline must not overflow. */
    @Test
    void aFlushTimeoutBeyondALongOfNanosecondsWaitsUntilTheServerHasEverything() throws Exception {
        server = FakeMlflowServer.start(true);
        MlflowBackend b = backend(Tls.DEFAULT, Duration.ofSeconds(Long.MAX_VALUE));
        b.createRun(newRun());
        b.logBatch(RUN, points("loss", 0, 5), List.of(), List.of());

        b.flush();

        assertPoints(points("loss", 0, 5), onlyRun().metrics().get("loss"));
    }

    @Test
    void anUntrustedCertificateIsRefusedAndTheServersCaBundleMakesItTrusted(@TempDir Path certs) throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create(certs);
        server = FakeMlflowServer.startHttps(cert.serverContext());
        MlflowBackend strict = backend(Tls.DEFAULT, Duration.ofSeconds(1));
        strict.createRun(newRun());
        strict.logBatch(RUN, points("loss", 0, 5), List.of(), List.of());
        strict.flush();
        assertTrue(server.state().runs().isEmpty());
        strict.close();
        backends.remove(strict);

        backend(new Tls(false, cert.exportPem(certs.resolve("ca.pem"))), Duration.ofSeconds(20)).flush();

        assertPoints(points("loss", 0, 5), onlyRun().metrics().get("loss"));
    }

    /** Both used to be "the server's certificate is not trusted", with MLFLOW_TRACKING_INSECURE_TLS as a way out. */
    @Test
    void anHttpsUriToAPlainHttpServerIsToldApartFromAnUntrustedCertificate(@TempDir Path certs) throws Exception {
        MlflowError plain;
        try (ServerSocket http = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> { // as nginx answers a TLS hello on its plain port
                try (Socket s = http.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // the test is over
                }
            });
            answering.setDaemon(true);
            answering.start();
            URI https = URI.create("https://127.0.0.1:" + http.getLocalPort());
            try (MlflowClient client = new MlflowClient(new MlflowSettings(https, Credentials.NONE, Tls.DEFAULT,
                    Duration.ofSeconds(2), spool, Duration.ofSeconds(2)))) {
                plain = assertThrows(MlflowError.class, () -> client.existingExperimentId("e"));
            }
            assertEquals("GET /api/2.0/mlflow/experiments/get-by-name on " + https + ": no TLS connection (Unsupported or"
                    + " unrecognized SSL message); if the server speaks plain HTTP, use an http:// tracking URI",
                    plain.getMessage());
        }
        server = FakeMlflowServer.startHttps(SelfSignedCertificate.create(certs).serverContext());
        MlflowError untrusted;
        try (MlflowClient client = new MlflowClient(new MlflowSettings(URI.create(server.uri()), Credentials.NONE,
                Tls.DEFAULT, Duration.ofSeconds(2), spool, Duration.ofSeconds(2)))) {
            untrusted = assertThrows(MlflowError.class, () -> client.existingExperimentId("e"));
        }

        assertTrue(untrusted.getMessage().contains(": the server's certificate is not trusted ("), untrusted.getMessage());
        assertTrue(plain.isTransient() && untrusted.isTransient());
    }

    @Test
    void insecureTlsAcceptsAnyCertificate(@TempDir Path certs) throws Exception {
        server = FakeMlflowServer.startHttps(SelfSignedCertificate.create(certs).serverContext());
        MlflowBackend b = backend(Tls.INSECURE, Duration.ofSeconds(20));
        b.createRun(newRun());
        b.logBatch(RUN, points("loss", 0, 5), List.of(), List.of());
        b.flush();

        assertPoints(points("loss", 0, 5), onlyRun().metrics().get("loss"));
    }

    @Test
    void retryAfterOfA503IsHonoured() throws Exception {
        server = FakeMlflowServer.start(true);
        server.inject(Fault.status("log-batch", 503, "TEMPORARILY_UNAVAILABLE", "2"));
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        b.logBatch(RUN, points("loss", 0, 10), List.of(), List.of());
        b.flush();

        List<FakeMlflowServer.Request> batches = server.requests().stream()
                .filter(r -> r.path().endsWith("log-batch")).toList();
        assertEquals(List.of(503, 200), batches.stream().map(FakeMlflowServer.Request::status).toList());
        long waited = batches.get(1).receivedAtMillis() - batches.get(0).receivedAtMillis();
        assertTrue(waited >= 2000, "retried after " + waited + "ms");
        assertPoints(points("loss", 0, 10), onlyRun().metrics().get("loss"));
    }

    @Test
    void aDroppedConnectionAndA429AreRetriedAndNothingIsLost() throws Exception {
        server = FakeMlflowServer.start(true);
        server.inject(Fault.drop("runs/create"));
        server.inject(Fault.status("log-batch", 429, "REQUEST_LIMIT_EXCEEDED", null));
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        b.logBatch(RUN, points("loss", 0, 10), List.of(new Param("a", "1")), List.of());
        b.flush();

        assertPoints(points("loss", 0, 10), onlyRun().metrics().get("loss"));
        assertEquals(Map.of("a", "1"), onlyRun().params);
    }

    @Test
    void anAnswerLostAfterTheServerStoredTheBatchIsResentAndStoredOnce() throws Exception {
        server = FakeMlflowServer.start(true);
        server.inject(Fault.dropAfterProcessing("log-batch"));
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        b.logBatch(RUN, points("loss", 0, 10), List.of(new Param("a", "1")), List.of());
        b.flush();

        // at-least-once: the resend repeats what the lost answer was for; MLflow's SQL store keys metric rows by
        // (key, timestamp, step, value), so exact repeats are stored once, and a same-value param is idempotent
        List<FakeMlflowServer.Request> batches = server.requests().stream()
                .filter(r -> r.path().endsWith("log-batch")).toList();
        List<FakeMlflowServer.Request> lost = batches.stream().filter(r -> r.status() == 0).toList();
        List<FakeMlflowServer.Request> answered = batches.stream().filter(r -> r.status() == 200).toList();
        assertEquals(1, lost.size(), batches::toString);
        assertTrue(entities(answered).containsAll(entities(lost)), batches::toString);
        assertPoints(points("loss", 0, 10), onlyRun().metrics().get("loss"));
        assertEquals(Map.of("a", "1"), onlyRun().params);
    }

    private static List<String> entities(List<FakeMlflowServer.Request> batches) {
        List<String> out = new ArrayList<>();
        for (FakeMlflowServer.Request r : batches) {
            r.body().path("metrics").forEach(m -> out.add(m.path("key").asText() + "@" + m.path("step").asLong()));
            r.body().path("params").forEach(p -> out.add("param " + p.path("key").asText()));
        }
        return out;
    }

    @Test
    void aRefusedBatchIsSkippedAndTheRestStillArrives() throws Exception {
        server = FakeMlflowServer.start(true);
        server.inject(Fault.status("log-batch", 400, "INVALID_PARAMETER_VALUE", null));
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        b.logBatch(RUN, List.of(), List.of(new Param("refused", "1")), List.of());
        b.flush();
        b.logBatch(RUN, points("loss", 0, 5), List.of(), List.of());
        b.endRun(RUN, RunStatus.FINISHED, START + 10);
        b.flush();

        MlflowState.Run run = onlyRun();
        assertEquals(Map.of(), run.params);
        assertPoints(points("loss", 0, 5), run.metrics().get("loss"));
        assertEquals("FINISHED", run.status);
        assertEquals(2, server.requests().stream().filter(r -> r.path().endsWith("log-batch")).count());
    }

    @Test
    void aRunDeletedOnTheServerIsReportedOnceAndNoLongerSentWhileTheSpoolKeepsItAll() throws Exception {
        server = FakeMlflowServer.start(true);
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        b.logBatch(RUN, points("loss", 0, 5), List.of(), List.of());
        b.flush();
        server.state().deleteRun(onlyRun().runId);
        long errorsBefore = Diagnostics.backendErrors();

        b.logBatch(RUN, points("loss", 5, 10), List.of(), List.of());
        b.flush();
        b.logBatch(RUN, points("loss", 10, 15), List.of(), List.of());
        b.endRun(RUN, RunStatus.FINISHED, START + 10);
        b.flush();

        assertEquals(1, Diagnostics.backendErrors() - errorsBefore);
        assertEquals(2, server.requests().stream().filter(r -> r.path().endsWith("log-batch")).count());
        assertTrue(server.requests().stream().noneMatch(r -> r.path().endsWith("runs/update")));
        assertEquals(points("loss", 0, 15), new LocalStoreReader(spool).metrics(RUN).get("loss"));
    }

    @Test
    void longValuesAreTruncatedWithATagSayingSo() throws Exception {
        server = FakeMlflowServer.start(true);
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        b.logBatch(RUN, List.of(), List.of(new Param("config", "c".repeat(7000))),
                List.of(new Tag("notes", "n".repeat(9000))));
        b.flush();

        MlflowState.Run run = onlyRun();
        assertEquals("c".repeat(6000), run.params.get("config"));
        assertEquals("n".repeat(8000), run.tags.get("notes"));
        assertEquals(java.util.Set.of("param config: 7000 chars cut to 6000", "tag notes: 9000 chars cut to 8000"),
                java.util.Set.of(run.tags.get(Truncation.TAG).split("; ")));
    }

    @Test
    void aNewBackendOnTheSameSpoolReplaysWhatAnEarlierOneLeft() throws Exception {
        server = FakeMlflowServer.start(true);
        server.down();
        MlflowBackend first = backend(Map.of());
        first.createRun(newRun());
        first.logBatch(RUN, points("loss", 0, 50), List.of(new Param("a", "1")), List.of());
        first.logInputs(RUN, List.of(TRAIN));
        first.endRun(RUN, RunStatus.KILLED, START + 50);
        first.close();
        backends.remove(first);

        server.up();
        MlflowBackend second = backend(Map.of());
        second.flush();

        MlflowState.Run run = onlyRun();
        assertPoints(points("loss", 0, 50), run.metrics().get("loss"));
        assertEquals("KILLED", run.status);
        assertEquals(Map.of("a", "1"), run.params);
        assertEquals(List.of("train|04bbaecb"), List.copyOf(run.datasetInputs.keySet()));
    }

    @Test
    void artifactsStayLocalWithATagWhenTheServerDoesNotServeThem() throws Exception {
        server = FakeMlflowServer.start(false);
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        b.logArtifact(RUN, "model/model.ubj", new byte[] {1, 2});
        b.flush();

        String where = onlyRun().tags.get(RunShipper.ARTIFACTS_TAG);
        assertNotNull(where);
        assertTrue(Path.of(URI.create(where)).resolve("model/model.ubj").toFile().isFile(), where);
        assertTrue(server.state().artifacts().isEmpty());
    }

    @Test
    void tokenAndBasicCredentialsAreSentAndAWrongOneStopsSendingWithoutLeakingIt() throws Exception {
        server = FakeMlflowServer.start(true);
        server.requireAuthorization("Bearer s3cr3t-token");
        backend(Map.of("MLFLOW_TRACKING_TOKEN", "s3cr3t-token")).createRun(newRun());
        backends.get(0).flush();
        assertEquals(1, server.state().runs().size());

        assertEquals("Basic dTpw", Credentials.from(URI.create("http://h"), Map.of("MLFLOW_TRACKING_USERNAME", "u",
                "MLFLOW_TRACKING_PASSWORD", "p", "MLFLOW_TRACKING_TOKEN", "t")).header());
        assertEquals("basic", Credentials.from(URI.create("http://u:p@h"), Map.of()).toString());
        assertFalse(MlflowSettings.withoutUserInfo(URI.create("http://u:p@h:5000/x")).toString().contains("p@"));

        MlflowClient wrong = new MlflowClient(new MlflowSettings(URI.create(server.uri()),
                Credentials.from(URI.create(server.uri()), Map.of("MLFLOW_TRACKING_TOKEN", "wrong-token")), Tls.DEFAULT,
                Duration.ofSeconds(5), spool, Duration.ofSeconds(5)));
        MlflowError e = org.junit.jupiter.api.Assertions.assertThrows(MlflowError.class, () -> wrong.experimentId("x"));
        assertTrue(e.isAuthFailure());
        assertFalse(e.getMessage().contains("wrong-token"), e.getMessage());
        wrong.close();
    }

    /**
     * {@code rm -rf} of the spool while a run is written: the writer writes the run's folder anew and its metric files
     * start from nothing, so the shipper reads them from their start. Lines of one length make the old offset fall
     * on a line's end in the new file, where nothing in the file itself tells it was written anew.
     */
    @Test
    void aSpoolDeletedWhileItsRunIsWrittenSendsEverythingWrittenAfterAndNothingMadeUp() throws Exception {
        server = FakeMlflowServer.start(true);
        MlflowBackend b = backend(Map.of());
        b.createRun(newRun());
        b.logBatch(RUN, evenPoints(1000, 2000), List.of(), List.of());
        b.flush();

        deleteRecursively(spool);
        b.logBatch(RUN, evenPoints(2000, 3500), List.of(), List.of());
        b.endRun(RUN, RunStatus.FINISHED, START + 9000);
        b.flush();

        assertPoints(evenPoints(1000, 3500), onlyRun().metrics().get("loss"));
        assertEquals("FINISHED", onlyRun().status);
    }

    /** Points whose lines in the spool all have the same length. */
    private static List<Metric> evenPoints(int from, int to) {
        List<Metric> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new Metric("loss", 0.5, START + 1000 + i, i));
        }
        return out;
    }

    private static void deleteRecursively(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void writingNeverWaitsForASlowServer() throws Exception {
        server = FakeMlflowServer.start(true);
        server.delayResponses(1500);
        MlflowBackend b = backend(Map.of());
        long t0 = System.nanoTime();
        b.createRun(newRun());
        for (int i = 0; i < 20; i++) {
            b.logBatch(RUN, points("loss", i * 10, i * 10 + 10), List.of(), List.of());
        }
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(elapsedMs < 1000, "writes took " + elapsedMs + "ms against a server answering in 1.5s");
        server.delayResponses(0);
        b.flush();
        assertPoints(points("loss", 0, 200), onlyRun().metrics().get("loss"));
    }

    @Test
    void losingTheRaceToCreateTheExperimentUsesTheWinnersOne() throws Exception {
        server = FakeMlflowServer.start(true);
        server.loseNextCreateRace();
        MlflowClient client = new MlflowClient(new MlflowSettings(URI.create(server.uri()), Credentials.NONE, Tls.DEFAULT,
                Duration.ofSeconds(5), spool, Duration.ofSeconds(5)));
        String id = client.experimentId("shared");
        client.close();

        assertEquals(server.state().experimentId("shared"), id);
        assertEquals(List.of(404, 400, 200), server.requests().stream().map(FakeMlflowServer.Request::status).toList());
    }

    @Test
    void errorBodiesAreShownWithoutCredentialsOrControlCharactersOnOneShortLine() throws Exception {
        server = FakeMlflowServer.start(true);
        String token = "tok-7f3a9c2e";
        String echoed = "upstream failed\r\n\u001b[31mAuthorization: Bearer " + token + "\u0007\n"
                + "Proxy-Authorization: Basic dXNlcjpodW50ZXIy\ncookie token=abc123&password=hunter2 api_key: k-99\n"
                + "echo of " + token + " and Basic Ym9iOnMzY3JldA== " + "x".repeat(2000);
        List<String> shown = errorsShown(Map.of("MLFLOW_TRACKING_TOKEN", token), Fault.body("get-by-name", 502, echoed),
                Fault.body("get-by-name", 500, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"bad header 'Bearer "
                        + token + "'\\n\\u001b]0;x\"}"));
        for (String m : shown) {
            for (String secret : List.of(token, "dXNlcjpodW50ZXIy", "abc123", "hunter2", "k-99", "Ym9iOnMzY3JldA==")) {
                assertFalse(m.contains(secret), secret + " shown in: " + m);
            }
            assertTrue(m.chars().noneMatch(c -> c < 0x20 || c == 0x7f), m);
            assertTrue(m.length() < ErrorText.MAX_LENGTH + 200, m.length() + ": " + m);
        }
    }

    @Test
    void theConfiguredTokenIsHiddenInErrorBodiesWhenSplitByANewlineAnEscapeSequenceOrAZeroWidthSpace() throws Exception {
        server = FakeMlflowServer.start(true);
        List<String> shown = errorsShown(Map.of("MLFLOW_TRACKING_TOKEN", "tokS3cr3tValue.abcXYZ"),
                Fault.body("get-by-name", 500, "upstream said: token tokS3cr3t\nValue.abcXYZ rejected"),
                Fault.body("get-by-name", 401, "bad token tokS3cr3t\u001b[0mValue.abcXYZ"),
                Fault.body("get-by-name", 400, "bad token tokS3cr3t\u200bValue.abcXYZ."),
                Fault.body("get-by-name", 500, "echo: Authorization%3A%20Bearer%20abc.def.ghi%0D%0AHost%3A%20mlflow"),
                Fault.body("get-by-name", 401, "echo:\r\nCookie: session=s-123; csrftoken=c-456\r\n"
                        + "Set-Cookie: sid=x9; Path=/; HttpOnly\r\nHost: mlflow"));
        String on = "GET /api/2.0/mlflow/experiments/get-by-name on " + server.uri() + ": HTTP ";
        assertEquals(List.of(on + "500: upstream said: token *** rejected", on + "401: bad token ***",
                on + "400: bad token ***.", on + "500: echo: Authorization%3A%20***%0D%0AHost%3A%20mlflow",
                on + "401: echo: Cookie: *** Set-Cookie: *** Host: mlflow"), shown);
    }

    @Test
    void theConfiguredPasswordIsHiddenInErrorBodiesWhenUrlEncodedOrJsonEscaped() throws Exception {
        server = FakeMlflowServer.start(true);
        List<String> shown = errorsShown(Map.of("MLFLOW_TRACKING_USERNAME", "alice",
                        "MLFLOW_TRACKING_PASSWORD", "p@ss:w/rd!Sec\"x"),
                Fault.body("get-by-name", 500, "GET /login?u=alice&p=p%40ss%3Aw%2Frd%21Sec%22x failed"),
                Fault.body("get-by-name", 400, "form was user=alice&pass=p%40ss%3aw%2frd%21Sec%22x"),
                Fault.body("get-by-name", 401, "{\"detail\": \"wrong password\", \"pw\": \"p@ss:w/rd!Sec\\\"x\"}"),
                Fault.body("get-by-name", 401, "echo: YWxpY2U6cEBz\r\nczp3L3JkIVNlYyJ4"));
        String on = "GET /api/2.0/mlflow/experiments/get-by-name on " + server.uri() + ": HTTP ";
        assertEquals(List.of(on + "500: GET /login?u=alice&p=*** failed", on + "400: form was user=alice&pass=***",
                on + "401: {\"detail\": \"wrong password\", \"pw\": \"***\"}", on + "401: echo: ***"), shown);
    }

    /** The messages of the errors that {@code faults}, one per request, give a client with these credentials. */
    private List<String> errorsShown(Map<String, String> env, Fault... faults) throws Exception {
        for (Fault f : faults) {
            server.inject(f);
        }
        URI uri = URI.create(server.uri());
        MlflowClient client = new MlflowClient(new MlflowSettings(uri, Credentials.from(uri, env), Tls.DEFAULT,
                Duration.ofSeconds(5), spool, Duration.ofSeconds(5)));
        try {
            List<String> shown = new ArrayList<>();
            for (Fault ignored : faults) {
                shown.add(org.junit.jupiter.api.Assertions.assertThrows(MlflowError.class, () -> client.experimentId("x"))
                        .getMessage());
            }
            return shown;
        } finally {
            client.close();
        }
    }

    @Test
    void atTheEndWithTheServerDownOneLineSaysHowManyPointsWaitInWhichSpoolAndTheSyncCommand() throws Exception {
        server = FakeMlflowServer.start(true);
        server.down();
        MlflowBackend b = backend(Map.of(), Tls.DEFAULT, Duration.ofSeconds(1), Backoff.standard());
        String output = Said.text(() -> {
            b.createRun(newRun());
            b.logBatch(RUN, points("loss", 0, 2500), List.of(new Param("a", "1")), List.of());
            b.endRun(RUN, RunStatus.FINISHED, START + 9000);
            b.flush();
            b.flush();
            b.close();
        });
        backends.remove(b);

        List<String> aboutTheSpool = output.lines().filter(l -> l.contains("in the spool")).toList();
        assertEquals(1, aboutTheSpool.size(), output);
        String line = aboutTheSpool.get(0);
        assertTrue(line.startsWith("autolog: MLflow server unreachable: "), line);
        assertTrue(line.contains("; 2500 metric points of 1 run (and their other data) wait in the spool " + spool
                + ": sent at the next start, or now with: java -jar autolog-agent.jar sync --from " + spool
                + " --to " + server.uri()), line);
        assertFalse(output.contains("lost"), output);
    }

    /** A spool that could not hold the run (a file, not a folder): its failure was said, nothing is said to wait. */
    @Test
    void atTheEndNothingIsSaidToWaitInASpoolThatCouldNotHoldTheRun() throws Exception {
        server = FakeMlflowServer.start(true);
        server.down();
        Path notAFolder = Files.writeString(spool.resolve("notdir"), "x");
        URI uri = URI.create(server.uri());
        MlflowBackend b = new MlflowBackend(new MlflowSettings(uri, Credentials.NONE, Tls.DEFAULT, Duration.ofSeconds(5),
                notAFolder, Duration.ofSeconds(1)), Backoff.standard());
        String output = Said.text(() -> {
            assertThrows(IOException.class, () -> b.createRun(newRun()));
            assertThrows(IOException.class, () -> b.logBatch(RUN, points("loss", 0, 10), List.of(), List.of()));
            b.flush();
            b.close();
        });

        assertFalse(output.contains("in the spool"), output);
        assertEquals("x", Files.readString(notAFolder));
    }

    @Test
    void atTheEndARunWhosePointsAllArrivedButNotItsEndIsNotSaidToHaveZeroPointsWaiting() throws Exception {
        server = FakeMlflowServer.start(true);
        MlflowBackend b = backend(Map.of(), Tls.DEFAULT, Duration.ofSeconds(1), Backoff.standard());
        String output = Said.text(() -> {
            b.createRun(newRun());
            b.logBatch(RUN, points("loss", 0, 10), List.of(), List.of());
            b.flush();
            server.down();
            b.endRun(RUN, RunStatus.FINISHED, START + 9000);
            b.flush();
            b.close();
        });
        backends.remove(b);

        assertEquals(10, server.state().runs().get(0).pointsReceived);
        String line = output.lines().filter(l -> l.contains("in the spool")).findFirst().orElseThrow();
        assertTrue(line.contains("; the rest of 1 run (no metric points: params, tags, artifacts or the end) waits in"
                + " the spool " + spool + ": sent at the next start"), line);
        assertFalse(line.contains("0 metric points"), line);
    }

    @Test
    void anHttp500IsSaidToBeAServerFailureNotAnUnreachableServer() throws Exception {
        server = FakeMlflowServer.start(true);
        server.inject(Fault.status("experiments/get-by-name", 500, "INTERNAL_ERROR", null));
        MlflowBackend b = backend(Map.of());
        String output = Said.text(() -> {
            b.createRun(newRun());
            b.logBatch(RUN, points("loss", 0, 5), List.of(), List.of());
            b.flush();
        });

        assertTrue(output.contains("autolog: the MLflow server failed (HTTP 500): GET /api/2.0/mlflow/experiments/"
                + "get-by-name on " + server.uri() + ": HTTP 500 INTERNAL_ERROR: injected failure; spooling, retrying"
                + " with backoff"), output);
        assertFalse(output.contains("unreachable"), output);
        assertPoints(points("loss", 0, 5), onlyRun().metrics().get("loss"));
    }

    @Test
    void aFailedWarmUpIsSilentAndTheRunStillShips() throws Exception {
        server = FakeMlflowServer.start(true);
        server.inject(Fault.status("experiments/get-by-name", 500, "INTERNAL_ERROR", null));
        URI uri = URI.create(server.uri());
        String output = Said.text(() -> {
            MlflowBackend b = new MlflowBackend(new MlflowSettings(uri, Credentials.from(uri, Map.of()), Tls.DEFAULT,
                    Duration.ofSeconds(5), spool, Duration.ofSeconds(20)), Backoff.standard(), "Default", Shipper.LINGER);
            backends.add(b);
            while (server.requests().stream().noneMatch(r -> r.status() == 500)) {
                Thread.sleep(10); // the warm-up's lookup of the experiment, answered with the failure
            }
            b.createRun(newRun());
            b.logBatch(RUN, points("loss", 0, 5), List.of(), List.of());
            b.endRun(RUN, RunStatus.FINISHED, START + 9000);
            b.flush();
        });

        assertEquals("", output);
        assertPoints(points("loss", 0, 5), onlyRun().metrics().get("loss"));
        assertEquals("FINISHED", onlyRun().status);
    }

    @Test
    void anExperimentRecreatedAfterTheEarlyLookupGetsTheRunUnderItsNewId() throws Exception {
        server = FakeMlflowServer.start(true);
        server.state().recreateExperiment("fraud"); // exists before the backend starts
        URI uri = URI.create(server.uri());
        MlflowBackend b = new MlflowBackend(new MlflowSettings(uri, Credentials.from(uri, Map.of()), Tls.DEFAULT,
                Duration.ofSeconds(5), spool, Duration.ofSeconds(20)), Backoff.standard(), "fraud", Shipper.LINGER);
        backends.add(b);
        while (server.requests().stream().noneMatch(r -> r.path().endsWith("experiments/get-by-name"))) {
            Thread.sleep(10); // the lookup as the backend opens, long before the first run, answered with the old id
        }
        String recreated = server.state().recreateExperiment("fraud");
        b.createRun(newRun());
        b.logBatch(RUN, points("loss", 0, 5), List.of(), List.of());
        b.endRun(RUN, RunStatus.FINISHED, START + 9000);
        b.flush();

        assertEquals(recreated, onlyRun().experimentId);
        assertPoints(points("loss", 0, 5), onlyRun().metrics().get("loss"));
        assertEquals("FINISHED", onlyRun().status);
    }
}
