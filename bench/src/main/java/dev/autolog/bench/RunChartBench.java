package dev.autolog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.MetricLines;
import dev.autolog.backend.NewRun;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The UI's run page for a run of one metric with a million points, against the same page for a run of 100 points:
 * parsing the metric file (the line-by-line parser against {@link MetricLines}), {@code /api/metrics} for a chart
 * 560 px wide from a UI just started (cold: the file parsed) and warm (cached), and in headless Chromium the time
 * from navigation to the chart drawn (the page's {@code autologDrawnAt}, read over WebDriver).
 */
public final class RunChartBench {
    private static final String BIG = String.format("%032x", 1);
    private static final String SMALL = String.format("%032x", 2);

    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path store = Path.of(ChildJvm.tempStore());
        fill(store, points);
        Path file = new LocalStoreReader(store).metricFiles(BIG).get("loss");
        parsing(file, repeats);

        List<Double> cold = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        String metrics = "api/metrics?points=560&id=";
        long bytes = 0;
        for (int i = 0; i < repeats; i++) {
            Process ui = StoreViewBench.startUi(store);
            try {
                String url = StoreViewBench.address(ui);
                cold.add(millis(() -> StoreViewBench.get(http, url + metrics + BIG)));
                for (int k = 0; k < 10; k++) {
                    long[] size = new long[1];
                    warm.add(millis(() -> size[0] = StoreViewBench.get(http, url + metrics + BIG)));
                    bytes = size[0];
                }
            } finally {
                ui.destroy();
            }
        }
        System.out.printf("/api/metrics, %d points drawn on 560 px: cold (UI just started) median %.1f ms, warm median"
                + " %.1f ms (%d KB)%n", points, ChildJvm.median(cold), ChildJvm.median(warm), bytes / 1024);

        Process ui = StoreViewBench.startUi(store);
        try (WebDriverSession chromium = new WebDriverSession()) {
            String url = StoreViewBench.address(ui);
            double first = drawn(chromium, url + "run?id=" + BIG);
            List<Double> big = new ArrayList<>();
            List<Double> small = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                big.add(drawn(chromium, url + "run?id=" + BIG));
                small.add(drawn(chromium, url + "run?id=" + SMALL));
            }
            System.out.printf("run page in Chromium, navigation to chart drawn: %d points first open %.0f ms (file"
                    + " parsed), then median %.0f ms; 100 points median %.0f ms (ratio %.2f)%n", points, first,
                    ChildJvm.median(big), ChildJvm.median(small), ChildJvm.median(big) / ChildJvm.median(small));
        } finally {
            ui.destroy();
        }
    }

    private static void parsing(Path file, int repeats) throws Exception {
        List<Double> lines = new ArrayList<>();
        List<Double> fast = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            byte[] bytes = Files.readAllBytes(file);
            lines.add(millis(() -> {
                String text = new String(bytes, StandardCharsets.UTF_8);
                int start = 0;
                long n = 0;
                for (int nl = text.indexOf('\n'); nl >= 0; start = nl + 1, nl = text.indexOf('\n', start)) {
                    n += LocalStoreReader.parseMetric("loss", text.substring(start, nl)) == null ? 0 : 1;
                }
                return n;
            }));
            fast.add(millis(() -> MetricLines.parse("loss", bytes).size()));
        }
        System.out.printf("parsing %s (%d MB): line by line median %.0f ms, MetricLines median %.0f ms%n",
                file.getFileName(), Files.size(file) >> 20, ChildJvm.median(lines), ChildJvm.median(fast));
    }

    /** Milliseconds from navigation start to the page's first chart drawn. */
    private static double drawn(WebDriverSession chromium, String url) throws Exception {
        chromium.open(url);
        for (int i = 0; i < 600; i++) {
            JsonNode at = chromium.script("return window.autologDrawnAt || null;");
            if (at.isNumber()) {
                return at.asDouble();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no chart drawn on " + url);
    }

    private static void fill(Path store, int points) throws Exception {
        LocalStore local = new LocalStore(store);
        long t0 = System.currentTimeMillis() - 86_400_000L;
        Random random = new Random(1);
        for (String id : List.of(BIG, SMALL)) {
            int n = id.equals(BIG) ? points : 100;
            local.createRun(new NewRun(id, "Default", id.equals(BIG) ? "big" : "small", t0, "bench", Map.of()));
            List<Metric> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(new Metric("loss", 1.0 / (i + 1) + random.nextGaussian() * 0.01, t0 + i, i));
                if (batch.size() == 100_000) {
                    local.logBatch(id, batch, List.of(), List.of());
                    batch.clear();
                }
            }
            local.logBatch(id, batch, List.of(), List.of());
            local.endRun(id, RunStatus.FINISHED, t0 + n);
        }
    }

    private interface Timed {
        Object run() throws Exception;
    }

    private static double millis(Timed work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }
}
