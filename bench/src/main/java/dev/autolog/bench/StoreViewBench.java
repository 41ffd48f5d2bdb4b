package dev.autolog.bench;

import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The jar's command line and UI on a big store: {@code runs list} over 10,000 runs (wall time of the whole
 * {@code java -jar} process, against {@code java -jar autolog-agent.jar --help} as the JVM start-up baseline), and
 * what the UI's run page loads for a run of 100,000 metric points ({@code /api/run} and {@code /api/metrics},
 * measured on a warm server).
 */
public final class StoreViewBench {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int points = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path store = Path.of(ChildJvm.tempStore());
        String bigRun = fill(store, runs, points);

        List<Double> baseline = new ArrayList<>();
        List<Double> list = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            baseline.add(millis(JAVA, "-jar", ChildJvm.AGENT.toString(), "--help"));
            list.add(millis(JAVA, "-jar", ChildJvm.AGENT.toString(), "runs", "list", "--store", store.toString()));
        }
        double a = ChildJvm.median(baseline);
        double b = ChildJvm.median(list);
        System.out.printf("runs list: %d runs, median %.1f ms per java -jar process (start-up baseline %.1f ms,"
                + " the command itself %.1f ms)%n", runs + 1, b, a, b - a);

        Process ui = startUi(store);
        try {
            String url = address(ui);
            HttpClient http = HttpClient.newHttpClient();
            List<Double> open = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < repeats + 2; i++) {
                long start = System.nanoTime();
                bytes = get(http, url + "api/run?id=" + bigRun) + get(http, url + "api/metrics?id=" + bigRun);
                if (i >= 2) {
                    open.add((System.nanoTime() - start) / 1e6);
                }
            }
            System.out.printf("ui run page data: %d points, median %.1f ms for /api/run + /api/metrics (%d KB)%n",
                    points, ChildJvm.median(open), bytes / 1024);
        } finally {
            ui.destroy();
        }
    }

    /** {@code runs} small finished runs, and one run with {@code points} points of one metric; returns its id. */
    private static String fill(Path store, int runs, int points) throws Exception {
        LocalStore local = new LocalStore(store);
        long t0 = System.currentTimeMillis() - 86_400_000L;
        for (int i = 0; i < runs; i++) {
            String id = String.format("%032x", i);
            local.createRun(new NewRun(id, "Default", "run-" + i, t0 + i, "bench", Map.of("mlflow.autologging",
                    "xgboost")));
            local.logBatch(id, List.of(new Metric("test-logloss", 1.0 / (i + 1), t0 + i, 0)),
                    List.of(new Param("max_depth", Integer.toString(i % 10))), List.of());
            local.endRun(id, RunStatus.FINISHED, t0 + i + 1000);
        }
        String big = String.format("%032x", runs);
        local.createRun(new NewRun(big, "Default", "big", t0 + runs, "bench", Map.of()));
        List<Metric> batch = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            batch.add(new Metric("train-loss", 1.0 / (i + 1), t0 + runs + i, i));
        }
        local.logBatch(big, batch, List.of(), List.of());
        local.endRun(big, RunStatus.FINISHED, t0 + runs + points);
        return big;
    }

    /** {@code java -jar autolog-agent.jar ui} on the store, on a free port. */
    static Process startUi(Path store) throws Exception {
        return startUi(store, null);
    }

    /** The UI with its own cache directory ({@code autolog.cache.dir}: the run index, the parsed series) if given. */
    static Process startUi(Path store, Path cacheDir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JAVA));
        if (cacheDir != null) {
            cmd.add("-Dautolog.cache.dir=" + cacheDir);
        }
        cmd.addAll(List.of("-jar", ChildJvm.AGENT.toString(), "ui", "--port", "0", "--store", store.toString()));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The address the UI prints first. */
    static String address(Process ui) throws Exception {
        return new BufferedReader(new InputStreamReader(ui.getInputStream(), StandardCharsets.UTF_8)).readLine()
                .split(" ")[3];
    }

    /** The answer's size; any status but 200 fails. */
    static long get(HttpClient http, String url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + r.statusCode());
        }
        return r.body().length;
    }

    private static double millis(String... cmd) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", cmd));
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
