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

/**
 * Sustained metric points per second from one thread through the MLflow backend into a loopback MLflow server
 * (logged, flushed, and counted on the server), against the server's ceiling measured in the same run: a minimal
 * client posting well-formed 1000-point log-batch requests, four in flight.
 */
public final class MlflowThroughputBench {
    private static final int IN_FLIGHT = 4;

    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        try (FakeMlflowServer server = FakeMlflowServer.start(true)) {
            double ceiling = ceiling(server, points);
            System.setProperty("autolog.tracking.uri", server.uri());
            System.setProperty("autolog.mlflow.spool.dir", ChildJvm.tempStore());
            System.setProperty("autolog.flush.timeout", "10m");
            System.setProperty("autolog.queue.capacity", "100000000");
            long start = System.nanoTime();
            try (ActiveRun run = Autolog.startRun("throughput")) {
                for (int i = 0; i < points; i++) {
                    run.logMetric("m" + (i & 7), i * 0.5, i);
                }
                if (!Autolog.flush()) {
                    throw new IllegalStateException("flush timed out");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            MlflowState.Run onServer = server.state().runs().stream().filter(r -> r.runName.equals("throughput"))
                    .findFirst().orElseThrow();
            System.out.printf("mlflow throughput: %d points through the backend in %.2f s = %.0f points/s (%d on the"
                    + " server); server ceiling with 1000-point batches, %d in flight: %.0f points/s; ratio %.0f%%%n",
                    points, seconds, points / seconds, onServer.pointsReceived, IN_FLIGHT, ceiling,
                    points / seconds / ceiling * 100);
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
