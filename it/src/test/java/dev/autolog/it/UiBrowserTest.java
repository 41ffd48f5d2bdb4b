package dev.autolog.it;

import static dev.autolog.it.TwoTrainedRuns.finalAndBest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.RunInfo;
import dev.autolog.backend.YamlMeta;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code java -jar autolog-agent.jar ui} on the store of {@link TwoTrainedRuns}, driven in a real headless
 * Chromium (Debian's chromium and chromium-driver). Screenshots of the three pages go to target/ui-screenshots.
 */
class UiBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Would set a global if the page ever ran it as HTML. */
    private static final String INJECTED = "<script>window.__injected=1</script><img src=x onerror=\"window.__injected=2\">";
    private static final String HOSTILE_MODEL = "m-0123456789abcdef0123456789abcdef";
    private static final Path SCREENSHOTS = ForkedJvm.TEST_CLASSES.getParent().resolve("ui-screenshots");

    static TwoTrainedRuns runs;
    static Process ui;
    static String url;
    static WebDriver browser;
    static Path profile;

    @BeforeAll
    static void startUiAndBrowser() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (.ci/run installs them: apt-get install chromium"
                        + " chromium-driver)");
        runs = TwoTrainedRuns.get();
        Path note = runs.plain.dir().resolve("params/note");
        if (!Files.exists(note)) {
            Files.writeString(note, INJECTED);
            new LocalStore(runs.store).logInputs(runs.plain.runId(), List.of(new DatasetInput(INJECTED, "0a1b2c3d",
                    "local", "{\"uri\": \"" + INJECTED.replace("\"", "\\\"") + "\"}", null, null, INJECTED)));
        }
        addHostileLoggedModel(runs.plain);
        ui = startUi(runs.store);
        url = firstLine(ui).split(" ")[3];

        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString()); // Selenium Manager stays idle
        profile = Files.createTempDirectory(ForkedJvm.TEST_CLASSES.getParent(), "chromium-profile-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        browser = new ChromeDriver(options);
        Files.createDirectories(SCREENSHOTS);
    }

    /** A second LoggedModel of the run, whose name is markup (no MLmodel is read for a name that is no key). */
    private static void addHostileLoggedModel(RunInfo run) throws IOException {
        Path model = run.dir().getParent().resolve("models").resolve(HOSTILE_MODEL);
        if (Files.exists(model)) {
            return;
        }
        Files.createDirectories(model);
        Files.writeString(model.resolve("meta.yaml"), "artifact_location: " + run.dir().resolve("artifacts").toUri()
                + "\ncreation_timestamp: 1\nexperiment_id: '" + run.experimentId() + "'\nlast_updated_timestamp: 1\n"
                + "model_id: " + HOSTILE_MODEL + "\nname: " + YamlMeta.scalar(INJECTED) + "\nsource_run_id: "
                + run.runId() + "\nstatus: 2\n");
        Path output = Files.createDirectories(run.dir().resolve("outputs").resolve(HOSTILE_MODEL));
        Files.writeString(output.resolve("meta.yaml"), "destination_id: " + HOSTILE_MODEL
                + "\ndestination_type: MODEL_OUTPUT\nsource_id: " + HOSTILE_MODEL + "\nsource_type: RUN_OUTPUT\nstep: 0\n"
                + "tags: {}\n");
    }

    private static Process startUi(Path store, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", ForkedJvm.AGENT_JAR.toString(), "ui", "--port", "0", "--store", store.toString()));
        command.addAll(List.of(options));
        ProcessBuilder ui = new ProcessBuilder(command).redirectErrorStream(true);
        ForkedJvm.keepCacheInTarget(ui);
        return ui.start();
    }

    /** The UI's first line names its address: "autolog UI on http://127.0.0.1:<port>/ serving ...". */
    private static String firstLine(Process process) throws Exception {
        String first = lines(process, 1).get(0);
        assertTrue(first != null && first.startsWith("autolog UI on http://127.0.0.1:"), first);
        return first;
    }

    private static List<String> lines(Process process, int count) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            try {
                while (lines.size() < count) {
                    lines.add(out.readLine());
                }
            } catch (IOException e) {
                lines.add(e.toString());
            }
            return lines;
        }).get(30, TimeUnit.SECONDS);
    }

    static Process sweepUi;
    static String sweepUrl;
    static Path sweepStore;
    /** Sweep runs by index: their ids, names and values, as written. */
    static final int SWEEP = 24;
    static final String HOSTILE_KEY = "<img src=x onerror=\"window.__injected=3\">";
    static final List<String> sweepIds = new ArrayList<>();

    static String sweepName(int i) {
        return i == 4 ? INJECTED : "sweep-" + i;
    }

    static String sweepDepth(int i) {
        return String.valueOf(2 + i % 4);
    }

    static String sweepEta(int i) {
        return i % 2 == 0 ? "0.1" : "0.3";
    }

    static String sweepBooster(int i) {
        return i == 7 ? INJECTED : i % 3 == 0 ? "dart" : "gbtree";
    }

    static double sweepLogloss(int i) {
        return 0.2 + i * 0.01;
    }

    /**
     * A sweep of {@link #SWEEP} runs written as the agent's writer thread writes them (params max_depth, eta and
     * booster, metrics test-logloss and test-auc), with a run name, a param value and a param key that are markup
     * (the key written as a file, since the writer would rename it), served by a second UI.
     */
    static synchronized String sweep() throws Exception {
        if (sweepUrl == null) {
            sweepStore = Files.createTempDirectory(ForkedJvm.TEST_CLASSES.getParent(), "sweep-store-").resolve("mlruns");
            LocalStore writer = new LocalStore(sweepStore);
            for (int i = 0; i < SWEEP; i++) {
                String id = String.format("5eed%028x", i);
                sweepIds.add(id);
                writer.createRun(new NewRun(id, "sweep", sweepName(i), 1_700_000_000_000L + i * 1000L, "me", Map.of()));
                writer.logBatch(id, List.of(new Metric("test-logloss", sweepLogloss(i), 1_700_000_000_500L, 0),
                        new Metric("test-auc", 0.9 - i * 0.01, 1_700_000_000_500L, 0)), List.of(new dev.autolog.backend
                        .Param("max_depth", sweepDepth(i)), new dev.autolog.backend.Param("eta", sweepEta(i)),
                        new dev.autolog.backend.Param("booster", sweepBooster(i))), List.of());
                writer.endRun(id, RunStatus.FINISHED, 1_700_000_000_900L + i * 1000L);
            }
            for (RunInfo run : new dev.autolog.backend.LocalStoreReader(sweepStore).runs(new dev.autolog.backend
                    .LocalStoreReader(sweepStore).experiments().get(0).id())) {
                Files.writeString(run.dir().resolve("params").resolve(HOSTILE_KEY),
                        String.valueOf(sweepIds.indexOf(run.runId()) % 2));
            }
            sweepUi = startUi(sweepStore);
            sweepUrl = firstLine(sweepUi).split(" ")[3];
        }
        return sweepUrl;
    }

    /** Sweep run ids, newest first, of the runs whose index passes. */
    static List<String> sweepIdsWhere(java.util.function.IntPredicate keep) {
        List<String> out = new ArrayList<>();
        for (int i = SWEEP - 1; i >= 0; i--) {
            if (keep.test(i)) {
                out.add(sweepIds.get(i));
            }
        }
        return out;
    }

    @AfterAll
    static void stop() {
        if (sweepUi != null) {
            sweepUi.destroy();
        }
        if (browser != null) {
            browser.quit();
        }
        if (ui != null) {
            ui.destroy();
        }
    }

    private static WebElement await(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void runsTableListsTheRunsNewestFirst() throws Exception {
        browser.get(url + "?experiment=0");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.findElements(By.cssSelector("#runs tr")).size() == 2);
        List<WebElement> rows = browser.findElements(By.cssSelector("#runs tr"));
        assertEquals(List.of(runs.early.runId(), runs.plain.runId()),
                rows.stream().map(r -> r.getAttribute("data-run-id")).toList());
        assertEquals(runs.plain.runName(), rows.get(1).findElement(By.tagName("a")).getText());
        assertTrue(rows.get(1).getText().contains("FINISHED"), rows.get(1).getText());
        assertTrue(browser.findElement(By.id("experiments")).getText().contains("Default"));
        screenshot("runs");

        WebElement filter = browser.findElement(By.id("search-filter"));
        filter.sendKeys("params.max_depth = '3'" + Keys.ENTER);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> shownRunIds().equals(List.of(runs.plain.runId())));
        filter.clear();
        filter.sendKeys(Keys.ENTER);
        wait.until(d -> shownRunIds().size() == 2);
        browser.findElement(By.cssSelector("th[data-key='attributes.start_time']")).click(); // oldest first now
        wait.until(d -> shownRunIds().equals(List.of(runs.plain.runId(), runs.early.runId())));
    }

    /** Read in one script, as the table may be redrawn between two WebDriver calls. */
    private static List<String> shownRunIds() {
        return ((List<?>) js("return [...document.querySelectorAll('#runs tr')].map(r => r.dataset.runId)"))
                .stream().map(String::valueOf).toList();
    }

    @Test
    void theSearchFilterRunsOnTheServerAndAMalformedQueryIsShownInlineAsText() throws Exception {
        browser.get(url + "?experiment=0");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> shownRunIds().size() == 2);
        WebElement filter = browser.findElement(By.id("search-filter"));
        filter.sendKeys("params.note = '" + INJECTED + "' and metrics.`test-logloss` > 0" + Keys.ENTER);
        wait.until(d -> shownRunIds().equals(List.of(runs.plain.runId())));

        filter.clear();
        filter.sendKeys("params.note = " + INJECTED + Keys.ENTER);
        WebElement error = browser.findElement(By.id("search-error"));
        wait.until(d -> !error.getText().isEmpty());
        assertEquals("filter \"params.note = " + INJECTED + "\": at position 15: expected a quoted text (params and"
                + " attributes are text: write params.note = 'value'), found '<script>wind…'", error.getText());
        assertEquals(List.of(), shownRunIds());
        assertNull(js("return window.__injected"));
        screenshot("runs-search-error");

        filter.clear();
        browser.findElement(By.id("search-order-by")).sendKeys("params.max_depth DESC" + Keys.ENTER);
        wait.until(d -> error.getText().isEmpty() && shownRunIds().equals(List.of(runs.early.runId(),
                runs.plain.runId())));
        browser.findElement(By.id("search-order-by")).clear();
        browser.findElement(By.id("search-order-by")).sendKeys("params.max_depth" + Keys.ENTER);
        wait.until(d -> shownRunIds().equals(List.of(runs.plain.runId(), runs.early.runId())));
    }

    @Test
    void runPageChartsEveryStepAndShowsAnInjectedScriptAsText() throws Exception {
        browser.get(url + "run?id=" + runs.plain.runId());
        WebElement chart = await(By.cssSelector(".chart[data-metric='test-logloss'][data-points]"));
        assertEquals("10", chart.getAttribute("data-points"));
        @SuppressWarnings("unchecked")
        List<Number> ys = (List<Number>) js("return window.autologCharts.find(u => u.series[1].label"
                + " === 'test-logloss').data[1];");
        List<Float> truth = runs.plainTruth.stream().filter(t -> t[0].equals("test-logloss"))
                .map(t -> Float.parseFloat(t[2])).toList();
        assertEquals(truth, ys.stream().map(Number::floatValue).toList());
        assertEquals(2L, js("return document.querySelectorAll('#charts .chart').length;"));

        WebElement params = browser.findElement(By.id("params"));
        assertTrue(params.getText().contains(INJECTED), params.getText());
        assertTrue(browser.findElements(By.cssSelector("#params script, #params img")).isEmpty());
        WebElement datasets = browser.findElement(By.id("datasets"));
        assertEquals(3, browser.findElements(By.cssSelector("#datasets tbody tr")).size(), datasets.getText());
        assertTrue(datasets.getText().contains(INJECTED), datasets.getText());
        assertTrue(datasets.findElement(By.cssSelector("tr[data-dataset='train']")).getText()
                .matches("train [0-9a-f]{8} training code \\{\"tags\": .*\\} f0:double, f1:double, f2:double, f3:double"
                        + " \\{\"num_rows\": 200, \"num_columns\": 4\\}"), datasets.getText());
        assertTrue(browser.findElements(By.cssSelector("#datasets script, #datasets img")).isEmpty());
        assertNull(js("return window.__injected === undefined ? null : window.__injected;"));
        screenshot("run");

        browser.findElements(By.cssSelector("#artifacts button")).get(0).click();
        WebElement artifact = new WebDriverWait(browser, Duration.ofSeconds(5))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("artifact-view")));
        assertTrue(artifact.getText().contains("\"f0\":"), artifact.getText());
    }

    @Test
    void runPageListsTheRunsModelsWithFlavorsAndSignatureAndAHostileModelNameAsText() throws Exception {
        browser.get(url + "run?id=" + runs.plain.runId());
        await(By.cssSelector("#models tr[data-model]"));
        @SuppressWarnings("unchecked")
        List<List<String>> rows = (List<List<String>>) js("return [...document.querySelectorAll('#models tbody tr')]"
                + ".map(r => [...r.cells].map(c => c.textContent));");
        Map<String, Object> mlmodel = MlflowModels.yaml(runs.plain.dir().resolve("artifacts/model/MLmodel"));
        assertEquals(List.of(List.of("model", "python_function, xgboost",
                String.join(", ", MlflowModels.signatureInputs(mlmodel)), "READY", mlmodel.get("model_id"), ""),
                List.of(INJECTED, "", "", "READY", HOSTILE_MODEL, "")), sortedByName(rows));
        assertTrue(browser.findElements(By.cssSelector("#models script, #models img")).isEmpty());
        assertNull(js("return window.__injected === undefined ? null : window.__injected;"));
    }

    private static List<List<String>> sortedByName(List<List<String>> rows) {
        return rows.stream().sorted(java.util.Comparator.comparing((List<String> r) -> !r.get(0).equals("model")))
                .toList();
    }

    @Test
    void comparePageOverlaysBothRunsAndHighlightsDifferingParams() throws Exception {
        browser.get(url + "compare?ids=" + runs.plain.runId() + "," + runs.early.runId());
        WebElement chart = await(By.cssSelector(".chart[data-metric='test-logloss']"));
        assertEquals("2", chart.getAttribute("data-series"));
        @SuppressWarnings("unchecked")
        List<Object> counts = (List<Object>) js("const u = window.autologCharts.find(u => u.series.length === 3"
                + " && u.root.parentElement.dataset.metric === 'test-logloss');"
                + " return [u.series[1].label, u.series[2].label, u.data[1].filter(v => v != null).length,"
                + " u.data[2].filter(v => v != null).length];");
        int earlyRounds = runs.earlyTruth.size() / 2;
        assertEquals(List.of(runs.plain.runName(), runs.early.runName(), 10L, (long) earlyRounds), counts);

        assertTrue(browser.findElement(By.cssSelector("tr[data-param='max_depth']")).getAttribute("class")
                .contains("diff"));
        assertFalse(browser.findElement(By.cssSelector("tr[data-param='eta']")).getAttribute("class")
                .contains("diff"));
        String metrics = browser.findElement(By.id("metrics")).getText();
        assertTrue(metrics.contains(String.valueOf(finalAndBest(runs.plainTruth, "test-logloss")[0]).substring(0, 6)),
                metrics);
        assertNull(js("return window.__injected === undefined ? null : window.__injected;"));
        screenshot("compare");
    }

    @Test
    void servesNothingOutsideTheRunsArtifactsAndSaysWhyOnBadRequests() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String artifact = url + "api/artifact?id=" + runs.plain.runId() + "&path=";
        for (String escape : List.of("../meta.yaml", "..%2Fmeta.yaml", "model/../../params/note", "/etc/passwd",
                "%2E%2E/%2E%2E/meta.yaml")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(artifact + escape)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, escape + " -> " + r.statusCode());
            assertFalse(r.body().contains("run_uuid") || r.body().contains("root:"), r.body());
        }
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(artifact
                + "feature_importance_weight.json")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertEquals(Files.readString(runs.plain.dir().resolve("artifacts/feature_importance_weight.json")), ok.body());
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(url + "api/run?id=nosuchrun"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().startsWith("{\"error\":\"no run 'nosuchrun' in "), missing.body());
        HttpResponse<String> dots = http.send(HttpRequest.newBuilder(URI.create(url + "static/../../meta.yaml"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(dots.statusCode() == 400 || dots.statusCode() == 404, dots::toString);
        assertFalse(dots.body().contains("run_uuid"), dots.body());
        URI server = URI.create(url);
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.getOutputStream().write(("GET /api/runs HTTP/1.1\r\nHost: rebound.example:" + server.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 403"), response);
        }
    }

    @Test
    void aNonLoopbackBindShowsTheBoundAddressAndWarnsThatTheStoreIsReadableFromOtherMachines() throws Exception {
        Process wide = startUi(runs.store, "--host", "0.0.0.0");
        try {
            List<String> lines = lines(wide, 2);
            assertTrue(lines.get(0).matches("autolog UI on http://0\\.0\\.0\\.0:\\d+/ serving .*"), lines::toString);
            assertEquals("autolog: warning: the UI listens on every IPv4 and IPv6 address of this machine: anyone who"
                    + " can reach this machine can read the store, without authentication (pass --token to require one,"
                    + " or bind to 127.0.0.1)", lines.get(1));
        } finally {
            wide.destroy();
        }
    }

    /**
     * The printed address opens the UI; the page keeps the token in its own origin's storage and takes it out of
     * the address bar; the next pages work without it in their address; the browser holds no cookie (which it would
     * send to every port of the host) and a page of another port cannot read the token.
     */
    @Test
    void aUiWithATokenAnswersOnlyWithItAndItsPagesKeepWorkingInTheBrowser() throws Exception {
        Process guarded = startUi(runs.store, "--token");
        try {
            String address = firstLine(guarded).split(" ")[3];
            assertTrue(address.matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{32}"), address);
            String base = address.substring(0, address.indexOf('?'));
            String token = address.substring(address.indexOf('=') + 1);
            assertEquals(401, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "api/runs"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            browser.get(address);
            new WebDriverWait(browser, Duration.ofSeconds(20))
                    .until(d -> d.findElements(By.cssSelector("#runs tr")).size() == 2);
            assertEquals(base, browser.getCurrentUrl());
            browser.get(base + "run?id=" + runs.plain.runId());
            assertEquals("10", await(By.cssSelector(".chart[data-metric='test-logloss'][data-points]"))
                    .getAttribute("data-points"));
            assertEquals(Set.of(), browser.manage().getCookies());
            browser.get(url);
            assertNull(((JavascriptExecutor) browser).executeScript("return localStorage.getItem('autolog-token')"));
            browser.get(base);
            assertEquals(token, ((JavascriptExecutor) browser).executeScript(
                    "return localStorage.getItem('autolog-token')"));
        } finally {
            guarded.destroy();
        }
    }

    @Test
    void aPortInUseIsOneClearLine() throws Exception {
        String port = url.replaceAll(".*:(\\d+)/$", "$1");
        ForkedJvm.Result r = ForkedJvm.agentJarCommand(runs.dir, "ui", "--port", port, "--store",
                runs.store.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("autolog: cannot listen on 127.0.0.1:" + port + " ("), r::toString);
        assertEquals(1, r.stderr().lines().count(), r::toString);
    }

    @Test
    void aRunningRunsPagesFollowItsNewPointsAndItsEnd() throws Exception {
        Path store = Files.createTempDirectory(ForkedJvm.TEST_CLASSES.getParent(), "live-store-").resolve("mlruns");
        LocalStore writer = new LocalStore(store); // what the agent's writer thread does during a training
        String id = "1234567890abcdef1234567890abcdef";
        writer.createRun(new NewRun(id, "live", "live-run", System.currentTimeMillis(), "me", Map.of()));
        writer.logBatch(id, points(0, 3), List.of(), List.of());
        Process liveUi = startUi(store);
        try {
            String live = firstLine(liveUi).split(" ")[3];
            browser.get(live + "run?id=" + id);
            assertEquals("3", await(By.cssSelector(".chart[data-metric='loss'][data-points]"))
                    .getAttribute("data-points"));
            assertEquals("RUNNING", browser.findElement(By.id("run-status")).getText());
            writer.logBatch(id, points(3, 5), List.of(), List.of());
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> "5".equals(d.findElement(
                    By.cssSelector(".chart[data-metric='loss']")).getAttribute("data-points")));
            writer.endRun(id, RunStatus.FINISHED, System.currentTimeMillis());
            new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                    .until(d -> "FINISHED".equals(d.findElement(By.id("run-status")).getText()));
        } finally {
            liveUi.destroy();
        }
    }

    private static List<Metric> points(int from, int to) {
        List<Metric> out = new ArrayList<>();
        for (int step = from; step < to; step++) {
            out.add(new Metric("loss", 1.0 / (step + 1), System.currentTimeMillis(), step));
        }
        return out;
    }

    /** Clicks what the selector finds then, again if a refresh replaced it meanwhile. */
    private static void click(By by) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            try {
                d.findElement(by).click();
                return true;
            } catch (StaleElementReferenceException replaced) {
                return false;
            }
        });
    }

    private static List<String> cells(String columnKey) {
        return ((List<?>) js("const i = [...document.querySelectorAll('#runs-table thead th')].findIndex(th =>"
                + " th.dataset.key === " + jsString(columnKey) + "); return [...document.querySelectorAll('#runs tr')]"
                + ".map(r => r.cells[i].textContent)")).stream().map(String::valueOf).toList();
    }

    private static String jsString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void runsTableShowsPickedColumnsSortsByAMetricOnTheServerAndPages() throws Exception {
        browser.get(sweep() + "?size=10");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> shownRunIds().size() == 10);
        assertEquals("page 1 of 3 · runs 1–10 of 24", browser.findElement(By.id("page-info")).getText());
        browser.findElement(By.cssSelector("#column-picker summary")).click();
        WebElement hostile = browser.findElement(By.cssSelector("#column-picker input[data-column='params.`"
                + HOSTILE_KEY.replace("\"", "\\\"") + "`']"));
        assertEquals(HOSTILE_KEY, hostile.findElement(By.xpath("..")).getText());
        click(By.cssSelector("#column-picker input[data-column='params.max_depth']"));
        wait.until(d -> !d.findElements(By.cssSelector("th[data-key='params.max_depth']")).isEmpty());
        click(By.cssSelector("#column-picker input[data-column='metrics.test-auc']"));
        wait.until(d -> d.findElements(By.cssSelector("th[data-key='metrics.test-auc']")).isEmpty());
        assertEquals(sweepIdsWhere(i -> i >= 14), shownRunIds());
        assertEquals(sweepIdsWhere(i -> i >= 14).stream().map(id -> sweepDepth(sweepIds.indexOf(id))).toList(),
                cells("params.max_depth"));
        assertEquals(sweepIdsWhere(i -> i >= 14).stream().map(id -> String.valueOf(Double.valueOf(String.format(
                java.util.Locale.ROOT, "%.6g", sweepLogloss(sweepIds.indexOf(id)))))).map(v -> v.replaceAll("\\.0$",
                "")).toList(), cells("metrics.test-logloss"));

        // the highest logloss first: runs 23..14 on page 1, 13..4 on page 2
        By logloss = By.cssSelector("th[data-key='metrics.test-logloss']");
        click(logloss);
        wait.ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(logloss).getAttribute("class").contains("sorted-asc"));
        click(logloss);
        wait.until(d -> browser.getCurrentUrl().contains("DESC"));
        wait.until(d -> shownRunIds().equals(sweepIdsWhere(i -> i >= 14)));
        click(By.id("page-next"));
        wait.until(d -> shownRunIds().equals(sweepIdsWhere(i -> i >= 4 && i < 14)));
        assertEquals("page 2 of 3 · runs 11–20 of 24", browser.findElement(By.id("page-info")).getText());
        click(logloss); // ascending, page 1
        List<String> lowest = new ArrayList<>(sweepIdsWhere(i -> i < 10));
        java.util.Collections.reverse(lowest);
        wait.until(d -> shownRunIds().equals(lowest));
        browser.navigate().back(); // descending, page 2 again
        wait.until(d -> shownRunIds().equals(sweepIdsWhere(i -> i >= 4 && i < 14)));
        assertTrue(browser.findElements(By.cssSelector("#runs-table script, #runs-table img, #column-picker img,"
                + " #column-picker script")).isEmpty());
        assertNull(js("return window.__injected === undefined ? null : window.__injected;"));
        screenshot("runs-columns");
    }

    @Test
    void parallelCoordinatesBrushFiltersTheTableAndTheSharedAddressRestoresTheView() throws Exception {
        browser.get(sweep() + "?view=parallel&metric=metrics.test-logloss&columns=params.eta,metrics.test-logloss"
                + "&filter=" + java.net.URLEncoder.encode("metrics.`test-auc` > 0.705", StandardCharsets.UTF_8));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // test-auc 0.9 - i/100 > 0.705: runs 0..19
        wait.until(d -> "20".equals(d.findElement(By.id("view-chart")).getAttribute("data-drawn")));
        @SuppressWarnings("unchecked")
        List<String> axes = (List<String>) js("return echarts.getInstanceByDom(document.getElementById('view-chart'))"
                + ".getOption().parallelAxis.map(a => a.name)");
        assertEquals(List.of("params." + HOSTILE_KEY, "params.booster", "params.eta", "params.max_depth",
                "metrics.test-logloss"), axes);
        js("echarts.getInstanceByDom(document.getElementById('view-chart')).dispatchAction({type: 'axisAreaSelect',"
                + " parallelAxisId: 'axis-4', intervals: [[0.245, 0.305]]})");
        List<String> inRange = sweepIdsWhere(i -> i < 20 && sweepLogloss(i) >= 0.245 && sweepLogloss(i) <= 0.305);
        assertEquals(6, inRange.size());
        wait.until(d -> shownRunIds().equals(inRange));
        // a second brush, on a category axis (the markup, dart, gbtree): dart only, runs 6 and 9 of those
        js("echarts.getInstanceByDom(document.getElementById('view-chart')).dispatchAction({type: 'axisAreaSelect',"
                + " parallelAxisId: 'axis-1', intervals: [[0.6, 1.4]]})");
        wait.until(d -> shownRunIds().equals(sweepIdsWhere(i -> i < 20 && sweepLogloss(i) >= 0.245
                && sweepLogloss(i) <= 0.305 && sweepBooster(i).equals("dart"))));
        assertEquals(List.of(sweepIds.get(9), sweepIds.get(6)), shownRunIds());
        assertEquals("params.booster in dart ×", browser.findElement(By.cssSelector(
                "#brushes .chip[data-brush='params.booster']")).getText());
        screenshot("runs-parallel");
        browser.navigate().back(); // before the category brush
        wait.until(d -> shownRunIds().equals(inRange));
        browser.navigate().forward();
        wait.until(d -> shownRunIds().equals(List.of(sweepIds.get(9), sweepIds.get(6))));

        String shared = browser.getCurrentUrl();
        browser.get("about:blank");
        browser.get(shared);
        wait.until(d -> "20".equals(d.findElement(By.id("view-chart")).getAttribute("data-drawn")));
        wait.until(d -> shownRunIds().equals(List.of(sweepIds.get(9), sweepIds.get(6))));
        assertEquals("metrics.`test-auc` > 0.705", browser.findElement(By.id("search-filter")).getAttribute("value"));
        assertEquals("parallel", browser.findElement(By.id("view")).getAttribute("value"));
        assertEquals(List.of("0.3", "0.1"), cells("params.eta"));
        @SuppressWarnings("unchecked")
        List<Object> active = (List<Object>) js("const c = echarts.getInstanceByDom(document.getElementById("
                + "'view-chart')); return c.getModel().getSeriesByIndex(0).getRawIndicesByActiveState('active');");
        assertEquals(2, active.size());
        assertNull(js("return window.__injected === undefined ? null : window.__injected;"));
    }

    @Test
    void scatterDrawsAPointPerFilteredRunNamesItOnHoverAsTextAndAClickOpensIt() throws Exception {
        browser.get(sweep() + "?view=scatter&x=params.max_depth&y=metrics.test-logloss&filter="
                + java.net.URLEncoder.encode("params.eta = '0.1'", StandardCharsets.UTF_8));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        List<String> even = sweepIdsWhere(i -> i % 2 == 0);
        wait.until(d -> shownRunIds().equals(even));
        wait.until(d -> String.valueOf(even.size()).equals(d.findElement(By.id("view-chart"))
                .getAttribute("data-drawn")));
        assertEquals((long) even.size(), js("return echarts.getInstanceByDom(document.getElementById('view-chart'))"
                + ".getOption().series[0].data.length"));
        screenshot("runs-scatter");

        WebElement chart = browser.findElement(By.id("view-chart"));
        int hostile = even.indexOf(sweepIds.get(4));
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(chart, offset(hostile, 0, chart),
                offset(hostile, 1, chart)).perform();
        wait.until(d -> ((String) js("const t = [...document.querySelectorAll('#view-chart div')].find(d =>"
                + " d.textContent.includes('params.max_depth')); return t ? t.textContent : '';")).startsWith(INJECTED));
        assertEquals(INJECTED + "params.max_depth: 2metrics.test-logloss: 0.24", js("return [...document"
                + ".querySelectorAll('#view-chart div')].find(d => d.textContent.includes('params.max_depth'))"
                + ".textContent"));
        assertTrue(browser.findElements(By.cssSelector("#view-chart script, #view-chart img")).isEmpty());
        assertNull(js("return window.__injected === undefined ? null : window.__injected;"));

        int target = even.indexOf(sweepIds.get(10));
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(chart, offset(target, 0, chart),
                offset(target, 1, chart)).click().perform();
        wait.until(d -> d.getCurrentUrl().endsWith("/run?id=" + sweepIds.get(10)));
    }

    /** A point's pixel on the scatter, from the element's centre as Selenium moves. */
    private static int offset(int point, int axis, WebElement chart) {
        Number px = (Number) js("const c = echarts.getInstanceByDom(document.getElementById('view-chart'));"
                + " return c.convertToPixel({seriesIndex: 0}, c.getOption().series[0].data[" + point + "])[" + axis
                + "];");
        return (int) Math.round(px.doubleValue() - (axis == 0 ? chart.getSize().width : chart.getSize().height) / 2.0);
    }

    /** A store of chart runs, served by a UI of its own (the trained store's run counts stay as the tests above see them). */
    static final class ChartRuns {
        static final int BIG = 200_000;
        static final String BIG_ID = "b16b16b16b16b16b16b16b16b16b16b1";
        static final long T0 = 1_700_000_000_000L;
        static ChartRuns instance;
        final double[] loss = new double[BIG];
        final List<String> compared = List.of("c0000000000000000000000000000001", "c0000000000000000000000000000002",
                "c0000000000000000000000000000003");
        final Process ui;
        final String url;

        private ChartRuns() throws Exception {
            Path store = Files.createTempDirectory(ForkedJvm.TEST_CLASSES.getParent(), "chart-store-").resolve("mlruns");
            LocalStore writer = new LocalStore(store);
            writer.createRun(new NewRun(BIG_ID, "charts", "big", T0, "me", Map.of()));
            java.util.Random random = new java.util.Random(7);
            List<Metric> points = new ArrayList<>();
            for (int i = 0; i < BIG; i++) {
                loss[i] = 1.0 / (1 + i / 1000.0) + 0.05 * Math.sin(i / 7.0) + random.nextGaussian() * 0.01;
                points.add(new Metric("loss", loss[i], T0 + 10L * i, i));
            }
            writer.logBatch(BIG_ID, points, List.of(), List.of());
            writer.endRun(BIG_ID, RunStatus.FINISHED, T0 + 10L * BIG);
            List<String> names = List.of("cmp-a", "cmp-b", INJECTED);
            for (int r = 0; r < compared.size(); r++) {
                writer.createRun(new NewRun(compared.get(r), "charts", names.get(r), T0 + r, "me", Map.of()));
                List<Metric> curve = new ArrayList<>();
                for (int step = 0; step < 50; step++) {
                    curve.add(new Metric("loss", (r + 1.0) / (step + 1), T0 + 1000L * r + 100L * step, step));
                }
                writer.logBatch(compared.get(r), curve, List.of(), List.of());
                writer.endRun(compared.get(r), RunStatus.FINISHED, T0 + 10_000);
            }
            ui = startUi(store);
            url = firstLine(ui).split(" ")[3];
        }

        static synchronized ChartRuns get() throws Exception {
            if (instance == null) {
                instance = new ChartRuns();
            }
            return instance;
        }

        /** The exponential moving average with the debias of MLflow's and TensorBoard's charts, computed here. */
        double[] smoothed(double w) {
            double[] out = new double[BIG];
            double last = 0;
            for (int i = 0; i < BIG; i++) {
                last = last * w + (1 - w) * loss[i];
                out[i] = last / (1 - Math.pow(w, i + 1));
            }
            return out;
        }
    }

    @AfterAll
    static void stopChartUi() {
        if (ChartRuns.instance != null) {
            ChartRuns.instance.ui.destroy();
        }
    }

    private static List<Object> chartData(String metric) {
        @SuppressWarnings("unchecked")
        List<Object> data = (List<Object>) js("const u = window.autologCharts.find(u => u.root.parentElement.dataset"
                + ".metric === '" + metric + "'); return u ? [u.data[0], u.data[1], u.width, u.scales.y.distr]"
                + " : [[], [], 0, 0];");
        return data;
    }

    @Test
    void aRunOf200000PointsDrawsAboutItsWidthAndTheHoverShowsTheLoggedPointUnderTheCursor() throws Exception {
        ChartRuns charts = ChartRuns.get();
        browser.get(charts.url + "run?id=" + ChartRuns.BIG_ID);
        WebElement chart = await(By.cssSelector(".chart[data-metric='loss'][data-drawn]"));
        assertEquals(String.valueOf(ChartRuns.BIG), chart.getAttribute("data-count"));
        List<Object> data = chartData("loss");
        int drawn = ((List<?>) data.get(0)).size();
        long width = (Long) data.get(2);
        assertTrue(drawn <= width + 1 && drawn >= width - 1, drawn + " points for a chart " + width + " px wide");

        WebElement over = chart.findElement(By.cssSelector(".u-over"));
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(over, 37, 0).perform();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> chart.getAttribute("data-hovered") != null);
        double cursor = ((Number) js("const u = window.autologCharts[0]; return u.posToVal(u.cursor.left, 'x');"))
                .doubleValue();
        int step = Integer.parseInt(chart.getAttribute("data-hover-step"));
        assertEquals(Math.round(cursor), step, "the logged step nearest the cursor at " + cursor);
        assertEquals(charts.loss[step], Double.parseDouble(chart.getAttribute("data-hover-value")));
        assertTrue(chart.findElement(By.cssSelector(".hover")).getText().startsWith("loss: " + chart.getAttribute(
                "data-hover-value") + " at step " + step + " ("), chart.getText());
        screenshot("run-200000-points");
    }

    @Test
    void smoothingLogScaleAndTheXModesRedrawTheChartAndStayInTheAddress() throws Exception {
        ChartRuns charts = ChartRuns.get();
        browser.get(charts.url + "run?id=" + ChartRuns.BIG_ID);
        await(By.cssSelector(".chart[data-metric='loss'][data-drawn]"));
        js("const s = document.getElementById('chart-smooth'); s.value = '0.9';"
                + " s.dispatchEvent(new Event('input'));");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> browser.getCurrentUrl().contains("chart.smooth=0.9") && secondPointDiffersFrom(charts.loss));
        double[] ema = charts.smoothed(0.9);
        List<Object> data = chartData("loss");
        List<?> xs = (List<?>) data.get(0);
        List<?> ys = (List<?>) data.get(1);
        for (int k = 0; k < xs.size(); k++) {
            int step = ((Number) xs.get(k)).intValue();
            assertEquals(ema[step], ((Number) ys.get(k)).doubleValue(), Math.abs(ema[step]) * 1e-12, "step " + step);
        }

        browser.findElement(By.id("chart-log")).click();
        wait.until(d -> Long.valueOf(3).equals(chartData("loss").get(3)));
        List<?> logYs = (List<?>) chartData("loss").get(1);
        List<?> logXs = (List<?>) chartData("loss").get(0);
        for (int k = 0; k < logXs.size(); k++) {
            int step = ((Number) logXs.get(k)).intValue();
            assertEquals(ema[step] <= 0, logYs.get(k) == null, "step " + step);
        }
        assertTrue(browser.findElement(By.cssSelector(".chart[data-metric='loss'] .note")).getText()
                .contains("values \u2264 0 are left out on a log scale"));

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("chart-x"))).selectByValue("relative");
        wait.until(d -> browser.getCurrentUrl().contains("chart.x=relative")
                && Double.valueOf(0).equals(first(chartData("loss"))) && Double.valueOf((ChartRuns.BIG - 1) * 10
                / 1000.0).equals(last(chartData("loss"))));
        screenshot("run-smoothed-log-relative");

        browser.navigate().refresh();
        await(By.cssSelector(".chart[data-metric='loss'][data-drawn]"));
        assertEquals("0.9", browser.findElement(By.id("chart-smooth")).getAttribute("value"));
        assertTrue(browser.findElement(By.id("chart-log")).isSelected());
        assertEquals("relative", browser.findElement(By.id("chart-x")).getAttribute("value"));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("chart-x"))).selectByValue("time");
        wait.until(d -> Double.valueOf(ChartRuns.T0 / 1000.0).equals(first(chartData("loss"))));
    }

    /** Whether the loss chart's second point is not the logged value at its step (the first is the same smoothed). */
    private static boolean secondPointDiffersFrom(double[] logged) {
        List<Object> data = chartData("loss");
        List<?> xs = (List<?>) data.get(0);
        List<?> ys = (List<?>) data.get(1);
        return xs.size() > 1 && ys.get(1) instanceof Number y
                && y.doubleValue() != logged[((Number) xs.get(1)).intValue()];
    }

    /** The chart's first and last x, as doubles; null while it has none. */
    private static Double first(List<Object> data) {
        List<?> xs = (List<?>) data.get(0);
        return xs.isEmpty() ? null : ((Number) xs.get(0)).doubleValue();
    }

    private static Double last(List<Object> data) {
        List<?> xs = (List<?>) data.get(0);
        return xs.isEmpty() ? null : ((Number) xs.get(xs.size() - 1)).doubleValue();
    }

    @Test
    void comparePageOverlaysEveryRunAsASeriesNamedByItsRunNameAsText() throws Exception {
        ChartRuns charts = ChartRuns.get();
        browser.get(charts.url + "compare?ids=" + String.join(",", charts.compared) + "&chart.x=relative");
        WebElement chart = await(By.cssSelector(".chart[data-metric='loss'][data-drawn]"));
        assertEquals("3", chart.getAttribute("data-series"));
        assertEquals(List.of("relative time (s)", "cmp-a", "cmp-b", INJECTED), js("return window.autologCharts[0]"
                + ".series.map(s => s.label);"));
        assertTrue(chart.findElement(By.cssSelector(".u-legend")).getText().contains(INJECTED));
        assertTrue(chart.findElements(By.cssSelector("script, img")).isEmpty());
        // relative time: every run starts at 0 s, its points 0.1 s apart; values as logged, one series per run
        @SuppressWarnings("unchecked")
        List<List<Object>> data = (List<List<Object>>) js("return window.autologCharts[0].data;");
        assertEquals(50, data.get(0).size());
        assertEquals(0L, ((Number) data.get(0).get(0)).longValue());
        for (int r = 0; r < 3; r++) {
            assertEquals((r + 1.0) / 50, ((Number) data.get(r + 1).get(49)).doubleValue(), 1e-15);
        }
        assertEquals("relative", browser.findElement(By.id("chart-x")).getAttribute("value"));
        assertNull(js("return window.__injected === undefined ? null : window.__injected;"));
        screenshot("compare-overlay");
    }
}
