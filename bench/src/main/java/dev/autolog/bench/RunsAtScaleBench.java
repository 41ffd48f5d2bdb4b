package dev.autolog.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs list at scale, on {@link ManyRunsStore} (100,000 runs by default): (a) the UI's {@code /api/runs} first
 * page on a warm server, median; (b) {@code runs list --filter "metrics.m1 > 0.5" --order-by "metrics.m1 DESC"},
 * wall time of the whole {@code java -jar} process with a cold and a warm run index cache, against
 * {@code java -jar autolog-agent.jar --help} as the JVM start-up baseline; (c) the UI's first page in a real headless
 * Chromium (driven through chromedriver's WebDriver protocol): the time from navigation start to the runs table's
 * first row being in the page and painted, taken in the page with {@code performance.now()}.
 *
 * <p>Arguments: runs (100000), repeats (5), the store's folder (reused when a previous run finished writing it),
 * and {@code ui} to measure only (a) and (c), with the run index cache of {@code -Dautolog.cache.dir} when given
 * (else a cold start: every file of the store read before the UI serves); or {@code list} to measure only (b) with
 * the warm cache of {@code -Dautolog.cache.dir}, each round {@code --help}, then the agent of
 * {@code -Dautolog.bench.baseline} (with its own warm cache, {@code -Dautolog.bench.baseline.cache}) when given, then
 * this agent, one after the other, so that all see the same load.
 */
public final class RunsAtScaleBench {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String FILTER = "metrics.m1 > 0.5";
    private static final String ORDER = "metrics.m1 DESC";
    /** Put in the page before its own scripts: notes when the first row of the runs table is painted. */
    private static final String FIRST_ROW_PROBE = "new MutationObserver((changes, observer) => {"
            + " if (document.querySelector('#runs tr')) { observer.disconnect();"
            + " requestAnimationFrame(() => setTimeout(() => { window.__firstRowMillis = performance.now(); })); } })"
            + ".observe(document, {childList: true, subtree: true});";

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path store = ManyRunsStore.at(args.length > 2 ? Path.of(args[2]) : Path.of(ChildJvm.tempStore()), runs);
        boolean uiOnly = args.length > 3 && args[3].equals("ui");
        String cacheDir = System.getProperty("autolog.cache.dir");
        if (args.length > 3 && args[3].equals("list")) {
            warmRunsList(runs, repeats, store, Path.of(cacheDir));
            return;
        }
        Path warmCache = uiOnly && cacheDir != null ? Path.of(cacheDir)
                : Files.createTempDirectory("autolog-bench-cache");
        if (!uiOnly) {
            runsList(runs, repeats, store, warmCache);
        }
        ui(runs, repeats, store, warmCache);
    }

    /** (b): whole-process wall time of {@code runs list} against {@code --help}. */
    private static void runsList(int runs, int repeats, Path store, Path warmCache) throws Exception {
        List<Double> baseline = new ArrayList<>();
        List<Double> cold = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            baseline.add(millis(JAVA, "-jar", ChildJvm.AGENT.toString(), "--help"));
        }
        cold.add(millis(listCommand(Files.createTempDirectory("autolog-bench-cache"), store))); // minutes at 100k

        millis(listCommand(warmCache, store));
        for (int i = 0; i < repeats; i++) {
            warm.add(millis(listCommand(warmCache, store)));
        }
        double a = ChildJvm.median(baseline);
        System.out.printf("runs list --filter '%s' --order-by '%s' on %d runs, whole process: warm cache median %.0f"
                + " ms (%.2fx the start-up baseline), cold cache (no index yet: every file read) %.0f ms; java -jar --help baseline %.0f ms%n",
                FILTER, ORDER, runs, ChildJvm.median(warm), ChildJvm.median(warm) / a, ChildJvm.median(cold), a);
    }

    /** (b) with warm caches only: rounds of {@code --help}, the baseline agent's list and this agent's. */
    private static void warmRunsList(int runs, int repeats, Path store, Path warmCache) throws Exception {
        String baseline = System.getProperty("autolog.bench.baseline");
        String baselineCache = System.getProperty("autolog.bench.baseline.cache");
        List<Double> help = new ArrayList<>();
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        System.out.println("load average at the start: " + Files.readString(Path.of("/proc/loadavg")).trim());
        for (int i = 0; i <= repeats; i++) { // the first round warms the page cache and is not counted
            double h = millis(JAVA, "-jar", ChildJvm.AGENT.toString(), "--help");
            double b = baseline == null ? Double.NaN
                    : millis(listCommand(Path.of(baselineCache), store, Path.of(baseline)));
            double a = millis(listCommand(warmCache, store, ChildJvm.AGENT));
            System.out.printf("round %d: --help %.0f ms, baseline %.0f ms, this %.0f ms%n", i, h, b, a);
            if (i > 0) {
                help.add(h);
                before.add(b);
                after.add(a);
            }
        }
        System.out.println("load average at the end: " + Files.readString(Path.of("/proc/loadavg")).trim());
        double h = ChildJvm.median(help);
        double a = ChildJvm.median(after);
        System.out.printf("runs list --filter '%s' --order-by '%s' on %d runs, whole process, warm cache: median %.0f"
                + " ms (%.0f-%.0f), %.2fx --help (%.0f ms)%s%n", FILTER, ORDER, runs, a, min(after), max(after),
                a / h, h, baseline == null ? "" : String.format(", baseline %.0f ms (%.0f-%.0f): %.2fx faster",
                        ChildJvm.median(before), min(before), max(before), ChildJvm.median(before) / a));
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** (a) and (c), on a UI started from the warm cache. */
    private static void ui(int runs, int repeats, Path store, Path warmCache) throws Exception {
        Process ui = new ProcessBuilder(JAVA, "-Dautolog.cache.dir=" + warmCache, "-jar", ChildJvm.AGENT.toString(),
                "ui", "--port", "0", "--store", store.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            long started = System.nanoTime();
            String url = new BufferedReader(new InputStreamReader(ui.getInputStream(), StandardCharsets.UTF_8))
                    .readLine().split(" ")[3];
            double startMillis = (System.nanoTime() - started) / 1e6;
            HttpClient http = HttpClient.newHttpClient();
            List<Double> api = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < repeats * 2 + 2; i++) {
                long start = System.nanoTime();
                bytes = get(http, url + "api/runs").length;
                if (i >= 2) {
                    api.add((System.nanoTime() - start) / 1e6);
                }
            }
            System.out.printf("ui /api/runs first page on %d runs, warm: median %.1f ms (%d KB); the UI started"
                    + " serving in %.0f ms from a warm cache%n", runs, ChildJvm.median(api), bytes / 1024,
                    startMillis);
            List<Double> page = firstRowInChromium(url, repeats);
            System.out.printf("ui first page in headless Chromium: first runs row painted %.0f ms after navigation"
                    + " start (median of %d)%n", ChildJvm.median(page), page.size());
        } finally {
            ui.destroy();
        }
    }

    private static String[] listCommand(Path cacheDir, Path store) {
        return listCommand(cacheDir, store, ChildJvm.AGENT);
    }

    private static String[] listCommand(Path cacheDir, Path store, Path agent) {
        return new String[] {JAVA, "-Dautolog.cache.dir=" + cacheDir, "-jar", agent.toString(), "runs",
                "list", "--store", store.toString(), "--filter", FILTER, "--order-by", ORDER};
    }

    /** Each repeat a new page load in one browser session, after one load that warms the browser's own caches. */
    private static List<Double> firstRowInChromium(String url, int repeats) throws Exception {
        try (WebDriverSession chromium = new WebDriverSession()) {
            chromium.onEveryNewDocument(FIRST_ROW_PROBE);
            List<Double> out = new ArrayList<>();
            for (int i = 0; i <= repeats; i++) {
                chromium.open(url);
                double firstRow = -1;
                for (int wait = 0; wait < 600 && firstRow < 0; wait++) {
                    firstRow = chromium.script(
                            "return window.__firstRowMillis === undefined ? -1 : window.__firstRowMillis;").asDouble();
                    if (firstRow < 0) {
                        Thread.sleep(50);
                    }
                }
                if (firstRow < 0) {
                    throw new IllegalStateException("the runs table never showed a row");
                }
                if (i > 0) {
                    out.add(firstRow);
                }
            }
            System.out.println("the last load's requests (start and end, ms after navigation start): "
                    + chromium.script("return performance.getEntriesByType('resource')"
                    + ".map(e => e.name.replace(/^[^/]*\\/\\/[^/]*/, '') + ' '"
                    + " + Math.round(e.startTime) + '-' + Math.round(e.responseEnd)).join(', ');").asText());
            return out;
        }
    }

    private static byte[] get(HttpClient http, String url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + r.statusCode());
        }
        return r.body();
    }

    private static double millis(String... cmd) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", cmd));
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
