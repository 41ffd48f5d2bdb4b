package dev.autolog.bench;

import dev.autolog.ActiveRun;
import dev.autolog.Autolog;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import dev.autolog.backend.mlflow.testserver.MlflowState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mlflow.tracking.MlflowClient;

/**
 * Sustained metric points per second from one thread into a loopback MLflow server, three ways, alternating in
 * rounds in one JVM against one server: (a) the official {@code org.mlflow:mlflow-client} logging each point with
 * {@code logMetric}, as its users do; (b) our backend, logged by {@code ActiveRun.logMetric}, flushed and counted on
 * the server; (c) the server's ceiling, a minimal client posting well-formed 1000-point {@code log-batch} requests,
 * four in flight. Prints each round and the medians; the ratios are medians of the rounds' own ratios (each round's
 * three figures share the machine's state of the moment).
 */
public final class MlflowThroughputBench {
    private static final int IN_FLIGHT = 4;

    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int officialPoints = Math.min(points, 5_000);
        try (FakeMlflowServer server = FakeMlflowServer.start(true)) {
            System.setProperty("autolog.tracking.uri", server.uri());
            System.setProperty("autolog.mlflow.spool.dir", ChildJvm.tempStore());
            System.setProperty("autolog.flush.timeout", "10m");
            System.setProperty("autolog.queue.capacity", "100000000");
            List<Double> official = new ArrayList<>();
            List<Double> ours = new ArrayList<>();
            List<Double> ceiling = new ArrayList<>();
            List<Double> ofCeiling = new ArrayList<>();
            List<Double> overOfficial = new ArrayList<>();
            List<Double> ceilingOverOfficial = new ArrayList<>();
            for (int r = 0; r <= rounds; r++) { // round 0 warms up all three
                double o = official(server, officialPoints);
                double a = autolog(server, points, r);
                double c = ceiling(server, points);
                System.out.printf("round %d: official client %.0f points/s, autolog %.0f points/s, ceiling %.0f"
                        + " points/s%n", r, o, a, c);
                if (r > 0) {
                    official.add(o);
                    ours.add(a);
                    ceiling.add(c);
                    ofCeiling.add(a / c);
                    overOfficial.add(a / o);
                    ceilingOverOfficial.add(c / o);
                }
            }
            double o = ChildJvm.median(official);
            double a = ChildJvm.median(ours);
            double c = ChildJvm.median(ceiling);
            System.out.printf("mlflow throughput, medians of %d rounds: official client (logMetric per point, %d"
                    + " points) %.0f points/s; autolog backend (%d points, logged + flushed + counted on the server)"
                    + " %.0f points/s; server ceiling (1000-point log-batch, %d in flight) %.0f points/s%n"
                    + "autolog = %.0f%% of the ceiling, %.0fx the official client; ceiling = %.0fx the official"
                    + " client%n", rounds, officialPoints, o, points, a, IN_FLIGHT, c, ChildJvm.median(ofCeiling) * 100,
                    ChildJvm.median(overOfficial), ChildJvm.median(ceilingOverOfficial));
        }
    }

    private static double autolog(FakeMlflowServer server, int points, int round) {
        String name = "throughput-" + round;
        long start = System.nanoTime();
        try (ActiveRun run = Autolog.startRun(name)) {
            for (int i = 0; i < points; i++) {
                run.logMetric("m" + (i & 7), i * 0.5, i);
            }
        }
        if (!Autolog.flush()) {
            throw new IllegalStateException("flush timed out");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        MlflowState.Run onServer = server.state().runs().stream().filter(r -> r.runName.equals(name))
                .findFirst().orElseThrow();
        if (onServer.pointsReceived < points) {
            throw new IllegalStateException("server has " + onServer.pointsReceived + " of " + points + " points");
        }
        return points / seconds;
    }

    private static double official(FakeMlflowServer server, int points) {
        MlflowClient client = new MlflowClient(server.uri());
        try {
            String runId = client.createRun("0").getRunId();
            long start = System.nanoTime();
            for (int i = 0; i < points; i++) {
                client.logMetric(runId, "m" + (i & 7), i * 0.5, System.currentTimeMillis(), i);
            }
            return points / ((System.nanoTime() - start) / 1e9);
        } finally {
            client.close();
        }
    }

    private static double ceiling(FakeMlflowServer server, int points) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = server.uri() + "/api/2.0/mlflow/";
        String created = http.send(post(base + "runs/create", "{\"experiment_id\":\"0\",\"start_time\":1}"),
                HttpResponse.BodyHandlers.ofString()).body();
        String runId = created.replaceAll(".*\"run_id\":\"([0-9a-f]+)\".*", "$1");
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
        int batches = points / 1000;
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            String body = batch(runId, b);
            done.add(pool.submit(() -> http.send(post(base + "runs/log-batch", body),
                    HttpResponse.BodyHandlers.discarding())));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return batches * 1000 / seconds;
    }

    private static String batch(String runId, int b) {
        StringBuilder sb = new StringBuilder("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
        for (int i = 0; i < 1000; i++) {
            int n = b * 1000 + i;
            sb.append(i == 0 ? "" : ",").append("{\"key\":\"m").append(n & 7).append("\",\"value\":").append(n * 0.5)
                    .append(",\"timestamp\":").append(1_700_000_000_000L + n).append(",\"step\":").append(n).append('}');
        }
        return sb.append("]}").toString();
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
