package dev.autolog.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The floor for a cold burst: a fresh JVM without the agent that sends the same burst by hand, as little code as a
 * Java client can run: the run created under experiment 0, the ceiling's 1000-point log-batch bodies
 * ({@link MlflowThroughputBench#batch}) built and posted over the JDK's HttpURLConnection, four in flight, then the
 * run ended. Prints the nanoseconds from its first line to the run's end answered, and the wall-clock millis of its
 * start and end, as {@link MlflowBurst} does.
 */
public final class BareColdBurst {
    public static void main(String[] args) throws Exception {
        int points = Integer.parseInt(args[0]);
        String base = args[2] + "/api/2.0/mlflow/";
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        String created = post(base + "runs/create", "{\"experiment_id\":\"0\",\"run_name\":\"" + args[1]
                + "\",\"start_time\":" + startMillis + "}");
        String runId = created.replaceAll("(?s).*\"run_id\"\\s*:\\s*\"([0-9a-f]+)\".*", "$1");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> sent = new ArrayList<>();
        for (int b = 0; b < points / 1000; b++) {
            int batch = b;
            sent.add(pool.submit(() -> post(base + "runs/log-batch", MlflowThroughputBench.batch(runId, batch))));
        }
        for (Future<String> f : sent) {
            f.get();
        }
        pool.shutdown();
        post(base + "runs/update", "{\"run_id\":\"" + runId + "\",\"status\":\"FINISHED\",\"end_time\":"
                + System.currentTimeMillis() + "}");
        System.out.println((System.nanoTime() - start) + " " + startMillis + " " + System.currentTimeMillis());
    }

    private static String post(String url, String json) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        c.setFixedLengthStreamingMode(bytes.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(bytes);
        }
        if (c.getResponseCode() != 200) {
            throw new IOException(url + ": HTTP " + c.getResponseCode());
        }
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
