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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The UI's run page for a run of one metric with a million points, against the same page for a run of 100 points:
 * parsing the metric file (the line-by-line parser against {@link MetricLines}), {@code /api/metrics} for a chart
 * 560 px wide from a UI just started (cold: the file parsed, or, in a UI started again, its parsed series read back
 * from the cache directory) and warm (cached), and in headless Chromium the time from navigation to the chart drawn
 * (the page's {@code autologDrawnAt}, read over WebDriver) on a UI just started, both ways, and on a warm one.
 */
public final class RunChartBench {
    private static final String BIG = String.format("%032x", 1);
    private static final String SMALL = String.format("%032x", 2);
    private static final String METRICS = "api/metrics?points=560&id=";

    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path store = Path.of(ChildJvm.tempStore());
        fill(store, points);
        Path file = new LocalStoreReader(store).metricFiles(BIG).get("loss");
        parsing(file, repeats);
        // a run that ended a minute ago: quiet long enough for its parsed series to be saved
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Path caches = Files.createTempDirectory("autolog-bench-cache");
        Path saved = saveParsed(store, caches.resolve("saved"));

        HttpClient http = HttpClient.newHttpClient();
        List<Double> cold = new ArrayList<>();
        List<Double> again = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        long[] bytes = new long[1];
        for (int i = 0; i < repeats; i++) {
            for (Path cache : List.of(caches.resolve("empty-" + i), saved)) {
                Process ui = StoreViewBench.startUi(store, cache);
                try {
                    String url = StoreViewBench.address(ui);
                    (cache == saved ? again : cold).add(millis(() -> StoreViewBench.get(http, url + METRICS + BIG)));
                    for (int k = 0; k < 10 && cache == saved; k++) {
                        warm.add(millis(() -> bytes[0] = StoreViewBench.get(http, url + METRICS + BIG)));
                    }
                } finally {
                    ui.destroy();
                }
            }
        }
        System.out.printf("/api/metrics, %d points drawn on 560 px, first request of a UI just started: median %.1f ms"
                + " (file parsed), %.1f ms (UI started again: the parsed series read back); warm median %.1f ms"
                + " (%d KB)%n", points, ChildJvm.median(cold), ChildJvm.median(again), ChildJvm.median(warm),
                bytes[0] / 1024);

        try (WebDriverSession chromium = new WebDriverSession()) {
            double first = firstOpen(chromium, store, caches.resolve("empty-browser"), false);
            List<Double> parsedFirst = new ArrayList<>();
            List<Double> readBack = new ArrayList<>();
            List<Double> fromList = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                parsedFirst.add(firstOpen(chromium, store, caches.resolve("empty-page-" + i), false));
                readBack.add(firstOpen(chromium, store, saved, false));
                fromList.add(firstOpen(chromium, store, caches.resolve("empty-list-" + i), true));
            }
            System.out.printf("run page in Chromium, navigation to chart drawn, first open of a UI just started:"
                    + " %d points, in a new browser %.0f ms (file parsed); then median %.0f ms (file parsed), %.0f ms"
                    + " (UI started again: the parsed series read back); after the runs list as a user clicks through"
                    + " (file parsed) %.0f ms%n", points, first, ChildJvm.median(parsedFirst),
                    ChildJvm.median(readBack), ChildJvm.median(fromList));
            Process ui = StoreViewBench.startUi(store, saved);
            try {
                String url = StoreViewBench.address(ui);
                drawn(chromium, url + "run?id=" + BIG);
                List<Double> big = new ArrayList<>();
                List<Double> small = new ArrayList<>();
                for (int i = 0; i < repeats; i++) {
                    big.add(drawn(chromium, url + "run?id=" + BIG));
                    small.add(drawn(chromium, url + "run?id=" + SMALL));
                }
                System.out.printf("run page in Chromium, warm UI: %d points median %.0f ms; 100 points median %.0f ms"
                        + " (ratio %.2f)%n", points, ChildJvm.median(big), ChildJvm.median(small),
                        ChildJvm.median(big) / ChildJvm.median(small));
            } finally {
                ui.destroy();
            }
        }
    }

    /**
     * Milliseconds from navigation to the chart drawn on a UI started just before with this cache directory: the run
     * page its first page, or, {@code fromList}, opened after the runs list had loaded.
     */
    private static double firstOpen(WebDriverSession chromium, Path store, Path cacheDir, boolean fromList)
            throws Exception {
        Process ui = StoreViewBench.startUi(store, cacheDir);
        try {
            String url = StoreViewBench.address(ui);
            if (fromList) {
                chromium.open(url);
            }
            return drawn(chromium, url + "run?id=" + BIG);
        } finally {
            ui.destroy();
        }
    }

    /** A cache directory holding the big run's parsed series, saved by a UI that parsed it. */
    private static Path saveParsed(Path store, Path cacheDir) throws Exception {
        Process ui = StoreViewBench.startUi(store, cacheDir);
        try {
            StoreViewBench.get(HttpClient.newHttpClient(), StoreViewBench.address(ui) + METRICS + BIG);
            for (int i = 0; i < 1200; i++) {
                try (Stream<Path> files = Files.list(cacheDir.resolve("series"))) {
                    if (files.anyMatch(f -> f.toString().endsWith(".bin"))) {
                        return cacheDir;
                    }
                } catch (NoSuchFileException notYet) {
                    // the directory is made with the first file
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the UI saved no parsed series in " + cacheDir);
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
            fast.add(millis(() -> MetricLines.parse("loss", file, bytes.length).size()));
        }
        System.out.printf("parsing %s (%d MB): line by line median %.0f ms, MetricLines (chunks, on every core)"
                + " median %.0f ms%n",
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
