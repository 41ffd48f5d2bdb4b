package dev.autolog.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The web UI: static pages and scripts from the jar (uPlot from its WebJar), and a JSON API over the store read
 * afresh on every request, so runs appear while they are being written. The pages build the DOM with textContent
 * only, and every page is served with a Content-Security-Policy that forbids inline scripts, so nothing read from
 * the store can run as script. Bound to loopback (the default), it answers only requests addressed to loopback.
 */
final class UiServer {
    private static final String UI = "dev/autolog/cli/ui/";
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    /** Path to page script and title; every page is page.html with its own script. */
    private static final Map<String, String[]> PAGES = Map.of("/", new String[] {"index", "Runs"},
            "/run", new String[] {"run", "Run"}, "/compare", new String[] {"compare", "Compare runs"});

    private final HttpServer server;
    private final UiApi api;
    private final Map<String, String> assets = new LinkedHashMap<>();

    private UiServer(HttpServer server, Store store) throws IOException {
        this.server = server;
        this.api = new UiApi(store);
        String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        assets.put("/static/uPlot.js", uplot + "uPlot.iife.min.js");
        assets.put("/static/uPlot.css", uplot + "uPlot.min.css");
        for (String own : new String[] {"app.js", "index.js", "run.js", "compare.js", "app.css"}) {
            assets.put("/static/" + own, UI + own);
        }
    }

    static UiServer start(Store store, InetAddress address, int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(address, port), 0);
        UiServer ui = new UiServer(http, store);
        http.createContext("/", ui::handle);
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "autolog-ui");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(pool);
        http.start();
        return ui;
    }

    String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/";
    }

    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) {
        try {
            route(ex);
        } catch (IOException | UncheckedIOException e) {
            // the browser went away, or the store failed mid-answer: nothing more to tell this client
        } catch (RuntimeException e) {
            try {
                send(ex, 500, "text/plain; charset=utf-8", utf8("autolog UI failed: " + e));
            } catch (IOException ignored) {
                // the browser went away
            }
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!hostAllowed(ex.getRequestHeaders().getFirst("Host"))) {
            send(ex, 403, "text/plain; charset=utf-8", utf8("this UI answers only to the address it listens on"));
        } else if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            send(ex, 405, "text/plain; charset=utf-8", utf8("only GET is served"));
        } else if (path.startsWith("/api/")) {
            UiApi.Response r = api.answer(path.substring("/api/".length()), query(ex.getRequestURI().getRawQuery()));
            if (r.attachment() != null) {
                ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + r.attachment() + "\"");
            }
            send(ex, r.status(), r.contentType(), r.body());
        } else if (PAGES.containsKey(path)) {
            String[] page = PAGES.get(path);
            send(ex, 200, "text/html; charset=utf-8", utf8(new String(resource(UI + "page.html"), StandardCharsets.UTF_8)
                    .replace("{{page}}", page[0]).replace("{{title}}", page[1])));
        } else if (assets.containsKey(path)) {
            sendResource(ex, assets.get(path), path.endsWith(".css") ? "text/css; charset=utf-8"
                    : "text/javascript; charset=utf-8");
        } else {
            send(ex, 404, "text/plain; charset=utf-8", utf8("not found: " + path));
        }
    }

    /**
     * Bound to loopback, only loopback names are accepted in the Host header, so that a web page whose name was
     * re-pointed at 127.0.0.1 (DNS rebinding) cannot read the store through the visitor's browser.
     */
    private boolean hostAllowed(String host) {
        InetAddress bound = server.getAddress().getAddress();
        if (!bound.isLoopbackAddress()) {
            return true;
        }
        if (host == null) {
            return false;
        }
        String name = host.replaceFirst(":\\d+$", "");
        return name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]")
                || name.equals(bound.getHostAddress());
    }

    private void sendResource(HttpExchange ex, String resource, String type) throws IOException {
        send(ex, 200, type, resource(resource));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = UiServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + name);
            }
            return in.readAllBytes();
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Content-Security-Policy", CSP);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                try {
                    out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    // a broken escape: the parameter is left out, the API then names what is missing
                }
            }
        }
        return out;
    }

    private static String uplotVersion() throws IOException {
        Properties p = new Properties();
        p.load(new java.io.ByteArrayInputStream(resource(UI + "uplot.properties")));
        return p.getProperty("version");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
