package dev.autolog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A headless Chromium driven over the W3C WebDriver protocol by Debian's chromedriver (the tests' Selenium is not
 * in the bench jar; four commands are all a page timing needs).
 */
final class WebDriverSession implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Process driver;
    private final Path profile;
    private final String base;
    private final String session;

    WebDriverSession() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        driver = new ProcessBuilder("/usr/bin/chromedriver", "--port=" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = "http://127.0.0.1:" + port;
        profile = Files.createTempDirectory("bench-chromium-");
        for (int i = 0; ; i++) {
            try {
                if (send("GET", "/status", null).path("value").path("ready").asBoolean()) {
                    break;
                }
            } catch (IOException notYet) {
                if (i > 100) {
                    throw notYet;
                }
            }
            Thread.sleep(100);
        }
        session = send("POST", "/session", Map.of("capabilities", Map.of("alwaysMatch", Map.of("browserName", "chrome",
                "goog:chromeOptions", Map.of("binary", "/usr/bin/chromium", "args", List.of("--headless",
                        "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                        "--window-size=1280,1000", "--user-data-dir=" + profile)))))).path("value").path("sessionId")
                .asText();
    }

    /** Navigates and returns once the page has loaded (WebDriver's normal page load strategy). */
    void open(String url) throws Exception {
        send("POST", "/session/" + session + "/url", Map.of("url", url));
    }

    /** Chromium runs {@code source} in every page this session opens, before the page's own scripts. */
    void onEveryNewDocument(String source) throws Exception {
        send("POST", "/session/" + session + "/goog/cdp/execute", Map.of("cmd", "Page.addScriptToEvaluateOnNewDocument",
                "params", Map.of("source", source)));
    }

    JsonNode script(String body) throws Exception {
        return send("POST", "/session/" + session + "/execute/sync", Map.of("script", body, "args", List.of()))
                .path("value");
    }

    private JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path));
        r = body == null ? r.method(method, HttpRequest.BodyPublishers.noBody())
                : r.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> answer = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException(method + " " + path + " -> " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    @Override
    public void close() throws Exception {
        try {
            send("DELETE", "/session/" + session, null);
        } finally {
            driver.destroy();
        }
    }
}
