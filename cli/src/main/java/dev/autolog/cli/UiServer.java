package dev.autolog.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The web UI: static pages and scripts from the jar (uPlot and ECharts from their WebJars), and a JSON API over the store read
 * afresh on every request, so runs appear while they are being written. The pages build the DOM with textContent
 * only, and every page is served with a Content-Security-Policy that forbids inline scripts, so nothing read from
 * the store can run as script. Who may ask is {@link UiAccess}'s rule.
 *
 * <p>Served by Jetty, which reads requests without holding a thread (the JDK's server reads the request line,
 * headers and body on a worker thread, so four stalled sockets froze it): a connection silent for
 * {@link #IDLE_TIMEOUT_MILLIS} is closed, headers are bounded (431), and no endpoint reads a body (a declared one
 * over {@link #MAX_BODY_BYTES} is refused with 413).
 */
final class UiServer {
    static final int WORKERS = 8;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final long MAX_BODY_BYTES = 64 * 1024;
    static final long IDLE_TIMEOUT_MILLIS = 10_000;
    /** Requests for metric series waiting beyond these are answered 503 at once. */
    static final int SERIES_QUEUE = 256;
    private static final Set<String> SERIES_ENDPOINTS = Set.of("/api/run", "/api/metrics", "/api/metric-point");
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String UI = "dev/autolog/cli/ui/";
    /**
     * With {@code --token}, the header the pages send it in. The pages themselves and their scripts hold no store
     * data and are served without it; a download link carries it in the query ({@code ?token=}, as the address the
     * UI prints does). Never a cookie: browsers send a host's cookies to every port of that host.
     */
    static final String TOKEN_HEADER = "X-Autolog-Token";
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    /** Path to page script, title and the scripts it needs first; every page is page.html with its own script. */
    private static final Map<String, String[]> PAGES = Map.of("/", new String[] {"index", "Runs", "views"},
            "/run", new String[] {"run", "Run", "uPlot"},
            "/compare", new String[] {"compare", "Compare runs", "uPlot"});

    private final Server server;
    private final ServerConnector connector;
    private final InetAddress bound;
    final UiApi api;
    private final UiAccess access;
    private final Map<String, String> assets = new LinkedHashMap<>();
    private final Consumer<String> console;
    /** Two threads: one parses while the other answers from series already parsed. */
    private final ThreadPoolExecutor seriesWork = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(SERIES_QUEUE), work -> {
                Thread t = new Thread(work, "autolog-ui-series");
                t.setDaemon(true);
                return t;
            });

    private UiServer(Server server, ServerConnector connector, InetAddress bound, Store store, UiAccess access)
            throws IOException {
        this.server = server;
        this.connector = connector;
        this.bound = bound;
        this.api = new UiApi(store);
        this.access = access;
        this.console = store.warnings();
        String uplot = "META-INF/resources/webjars/uplot/" + webjarVersion("uplot") + "/dist/";
        assets.put("/static/uPlot.js", uplot + "uPlot.iife.min.js");
        assets.put("/static/uPlot.css", uplot + "uPlot.min.css");
        assets.put("/static/echarts.js", "META-INF/resources/webjars/echarts/" + webjarVersion("echarts")
                + "/dist/echarts.min.js");
        for (String own : new String[] {"app.js", "index.js", "views.js", "run.js", "compare.js", "app.css"}) {
            assets.put("/static/" + own, UI + own);
        }
    }

    static UiServer start(Store store, InetAddress address, int port, UiAccess access) throws IOException {
        // Jetty finds its HTTP field encoders with the context class loader: under the agent, that must be ours
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(UiServer.class.getClassLoader());
        QueuedThreadPool pool = new QueuedThreadPool(WORKERS, 2);
        pool.setName("autolog-ui");
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration config = new HttpConfiguration();
        config.setRequestHeaderSize(MAX_HEADER_BYTES);
        config.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        connector.setHost(address.getHostAddress());
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        server.setErrorHandler(new PlainErrors());
        UiServer ui = new UiServer(server, connector, address, store, access);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                ui.handle(request, response, callback);
                return true;
            }
        });
        try {
            server.start();
            return ui;
        } catch (Exception e) {
            ui.stop();
            if (e.getCause() instanceof BindException bind) {
                throw bind;
            }
            throw e instanceof IOException io ? io : new IOException(e);
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    /**
     * The address the socket listens on, as the JDK bound it: on a JVM with IPv6, 0.0.0.0 becomes :: and answers on
     * every IPv4 and IPv6 address of the machine.
     */
    InetAddress listening() throws IOException {
        return ((InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress()).getAddress();
    }

    /** The address as bound (a wildcard stays 0.0.0.0 or [::]), without a token. */
    String url() {
        String host = bound.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + "/";
    }

    void stop() {
        seriesWork.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the process is ending
        }
    }

    /**
     * Answers on Jetty's thread, but for the endpoints that may parse a metric file first: those wait for a parse
     * (one at a time, seconds for a file of millions of points) on {@link #seriesWork}, so that however many of them
     * a client sends, the pages and the runs list still find a free worker. A request the UI refuses is answered at
     * once, never queued there: a client without the token, or a page of another site (DNS rebinding), cannot fill
     * the queue and keep the user's charts waiting.
     */
    private void handle(Request request, Response response, Callback callback) {
        Map<String, String> query;
        UiApi.Response refused;
        try {
            query = query(request.getHttpURI().getQuery());
            refused = refusal(request, query);
        } catch (RuntimeException e) {
            send(response, callback, failed(request, e));
            return;
        }
        if (refused != null) {
            send(response, callback, refused);
            return;
        }
        if (!SERIES_ENDPOINTS.contains(Request.getPathInContext(request))) {
            respond(request, query, response, callback);
            return;
        }
        try {
            seriesWork.execute(() -> respond(request, query, response, callback));
        } catch (RejectedExecutionException full) {
            send(response, callback, text(503, "the UI is busy reading metric files (" + SERIES_QUEUE
                    + " requests waiting); retry shortly"));
        }
    }

    private void respond(Request request, Map<String, String> query, Response response, Callback callback) {
        UiApi.Response answer;
        try {
            answer = route(request, query);
        } catch (IOException | RuntimeException e) {
            answer = failed(request, e);
        }
        send(response, callback, answer);
    }

    /** The details (paths of this machine among them) go to the UI's console, never to the client. */
    private UiApi.Response failed(Request request, Exception e) {
        console.accept("autolog UI: " + Request.getPathInContext(request) + " failed: " + e);
        return text(500, e instanceof IOException || e instanceof UncheckedIOException
                ? "autolog UI cannot read the store" : "autolog UI failed on this request");
    }

    private void send(Response response, Callback callback, UiApi.Response answer) {
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        response.getHeaders().put("Content-Security-Policy", CSP);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (answer.attachment() != null) {
            response.getHeaders().put("Content-Disposition", "attachment; filename=\"" + answer.attachment() + "\"");
        }
        if (answer.file() == null) {
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
            return;
        }
        try {
            // the length and the bytes both from the file opened: a path opened again may lead elsewhere
            long length = answer.file().size();
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
            Content.copy(Content.Source.from(null, answer.file(), 0, length), response, callback);
        } catch (IOException | RuntimeException e) {
            closeQuietly(answer.file());
            callback.failed(e);
        }
    }

    private static void closeQuietly(Closeable file) {
        try {
            file.close();
        } catch (IOException e) {
            // nothing was sent from it
        }
    }

    /**
     * Why the request is not answered (a body, a Host not allowed, a method other than GET or HEAD, the API without
     * the token), or null; cheap, and checked before the request waits for anything.
     */
    private UiApi.Response refusal(Request request, Map<String, String> query) {
        if (request.getLength() > MAX_BODY_BYTES) {
            return text(413, "request bodies are not accepted (the UI only answers GET)");
        }
        SocketAddress local = request.getConnectionMetaData().getLocalSocketAddress();
        if (!access.hostAllowed(request.getHeaders().get(HttpHeader.HOST),
                local instanceof InetSocketAddress inet ? inet.getAddress() : bound, bound)) {
            return text(403, "this UI answers only to the address it listens on, loopback names and the names given"
                    + " with --allow-host");
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return text(405, "only GET is served");
        }
        if (Request.getPathInContext(request).startsWith("/api/") && !tokenGiven(request, query)) {
            return text(401, "this UI needs its token: open the address it printed at start, with ?token=");
        }
        return null;
    }

    private boolean tokenGiven(Request request, Map<String, String> query) {
        return access.tokenAccepted(request.getHeaders().get(TOKEN_HEADER)) || access.tokenAccepted(query.get("token"));
    }

    /** The answer to a request {@link #refusal} let through. */
    private UiApi.Response route(Request request, Map<String, String> query) throws IOException {
        String path = Request.getPathInContext(request);
        if (path.startsWith("/api/")) {
            return api.answer(path.substring("/api/".length()), query);
        } else if (PAGES.containsKey(path)) {
            if (path.equals("/run") && query.get("id") != null && tokenGiven(request, query)) {
                api.prepare(query.get("id"));
            }
            String[] page = PAGES.get(path);
            StringBuilder needed = new StringBuilder();
            for (int i = 2; i < page.length; i++) {
                needed.append("<script src=\"/static/").append(page[i]).append(".js\" defer></script>\n");
            }
            return new UiApi.Response(200, "text/html; charset=utf-8", utf8(new String(resource(UI + "page.html"),
                    StandardCharsets.UTF_8).replace("{{page}}", page[0]).replace("{{title}}", page[1])
                    .replace("{{needed}}", needed)), null);
        } else if (assets.containsKey(path)) {
            return new UiApi.Response(200, path.endsWith(".css") ? "text/css; charset=utf-8"
                    : "text/javascript; charset=utf-8", resource(assets.get(path)), null);
        }
        return text(404, "not found: " + path);
    }

    private static UiApi.Response text(int status, String message) {
        return new UiApi.Response(status, TEXT, utf8(message), null);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = UiServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + name);
            }
            return in.readAllBytes();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
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

    /** The version Maven filtered into {@code <name>.properties}, which names the WebJar's folder. */
    private static String webjarVersion(String name) throws IOException {
        Properties p = new Properties();
        p.load(new java.io.ByteArrayInputStream(resource(UI + name + ".properties")));
        return p.getProperty("version");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
