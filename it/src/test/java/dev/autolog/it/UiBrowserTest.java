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

    @AfterAll
    static void stop() {
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

        browser.findElement(By.id("filter-param")).sendKeys("max_depth=3");
        assertEquals(List.of(runs.plain.runId()), browser.findElements(By.cssSelector("#runs tr")).stream()
                .map(r -> r.getAttribute("data-run-id")).toList());
        browser.findElement(By.cssSelector("th[data-key=start_time]")).click(); // oldest first now
        browser.findElement(By.id("filter-param")).clear();
        new WebDriverWait(browser, Duration.ofSeconds(5))
                .until(d -> d.findElements(By.cssSelector("#runs tr")).size() == 2);
        assertEquals(runs.plain.runId(), browser.findElements(By.cssSelector("#runs tr")).get(0)
                .getAttribute("data-run-id"));
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
            assertEquals("autolog: warning: the UI listens on every network interface (0.0.0.0): anyone who can reach"
                    + " this machine can read the store, without authentication (pass --token to require one, or bind"
                    + " to 127.0.0.1)", lines.get(1));
        } finally {
            wide.destroy();
        }
    }

    @Test
    void aUiWithATokenAnswersOnlyWithItAndItsPagesKeepWorkingInTheBrowser() throws Exception {
        Process guarded = startUi(runs.store, "--token");
        try {
            String address = firstLine(guarded).split(" ")[3];
            assertTrue(address.matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{32}"), address);
            String base = address.substring(0, address.indexOf('?'));
            assertEquals(401, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "api/runs"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            browser.get(address);
            new WebDriverWait(browser, Duration.ofSeconds(20))
                    .until(d -> d.findElements(By.cssSelector("#runs tr")).size() == 2);
            browser.get(base + "run?id=" + runs.plain.runId());
            assertEquals("10", await(By.cssSelector(".chart[data-metric='test-logloss'][data-points]"))
                    .getAttribute("data-points"));
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
}
