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
 * Java client can run: the points kept in arrays, the run created under experiment 0, 1000-point log-batch bodies
 * built with a StringBuilder and posted over the JDK's HttpURLConnection, four in flight, then the run ended. Prints
 * the nanoseconds from its first line to the run's end answered, and the wall-clock millis of its start and end, as
 * {@link MlflowBurst} does.
 */
public final class BareColdBurst {
    public static void main(String[] args) throws Exception {
        int points = Integer.parseInt(args[0]);
        String base = args[2] + "/api/2.0/mlflow/";
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        String[] keys = new String[points];
        double[] values = new double[points];
        long[] times = new long[points];
        for (int i = 0; i < points; i++) {
            keys[i] = "m" + (i & 7);
            values[i] = i * 0.5;
            times[i] = System.currentTimeMillis();
        }
        String created = post(base + "runs/create", "{\"experiment_id\":\"0\",\"run_name\":\"" + args[1]
                + "\",\"start_time\":" + startMillis + "}");
        String runId = created.replaceAll("(?s).*\"run_id\"\\s*:\\s*\"([0-9a-f]+)\".*", "$1");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> sent = new ArrayList<>();
        for (int from = 0; from < points; from += 1000) {
            int lo = from;
            int hi = Math.min(points, from + 1000);
            sent.add(pool.submit(() -> post(base + "runs/log-batch", body(runId, keys, values, times, lo, hi))));
        }
        for (Future<String> f : sent) {
            f.get();
        }
        pool.shutdown();
        post(base + "runs/update", "{\"run_id\":\"" + runId + "\",\"status\":\"FINISHED\",\"end_time\":"
                + System.currentTimeMillis() + "}");
        System.out.println((System.nanoTime() - start) + " " + startMillis + " " + System.currentTimeMillis());
    }

    private static String body(String runId, String[] keys, double[] values, long[] times, int lo, int hi) {
        StringBuilder sb = new StringBuilder(80 * (hi - lo)).append("{\"run_id\":\"").append(runId)
                .append("\",\"metrics\":[");
        for (int i = lo; i < hi; i++) {
            sb.append(i == lo ? "" : ",").append("{\"key\":\"").append(keys[i]).append("\",\"value\":")
                    .append(values[i]).append(",\"timestamp\":").append(times[i]).append(",\"step\":").append(i)
                    .append('}');
        }
        return sb.append("]}").toString();
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
