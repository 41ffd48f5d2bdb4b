package dev.autolog.backend.mlflow.testserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP server on loopback speaking the subset of MLflow's REST API 2.0 the backend uses, with MLflow's status
 * codes and error bodies ({@code {"error_code": ..., "message": ...}}) and its log-batch validation. Records every
 * request and injects faults: being down (connection refused), dropped connections, slow responses, scripted
 * error statuses with Retry-After, and required credentials.
 */
public final class FakeMlflowServer implements AutoCloseable {
    /**
     * One request as received: {@code arrivedAtMillis} when its handling began (request line and headers read), {@code receivedAtMillis}
     * when it was processed, just before the answer.
     */
    public record Request(String method, String path, String query, JsonNode body, String authorization,
                          long receivedAtMillis, int status, long arrivedAtMillis) {
    }

    /** A scripted answer for the next matching request: a status and body, or a dropped connection. */
    public record Fault(String pathContains, int status, String errorCode, String retryAfter, boolean drop,
                        boolean afterProcessing, String body) {
        public static Fault status(String pathContains, int status, String errorCode, String retryAfter) {
            return new Fault(pathContains, status, errorCode, retryAfter, false, false, null);
        }

        /** An error status with this body, as a proxy or a broken server may send (anything, e.g. echoed headers). */
        public static Fault body(String pathContains, int status, String body) {
            return new Fault(pathContains, status, null, null, false, false, body);
        }

        /** The connection drops before the request is processed. */
        public static Fault drop(String pathContains) {
            return new Fault(pathContains, 0, null, null, true, false, null);
        }

        /** The request is processed, then the connection drops before the answer: the client cannot know. */
        public static Fault dropAfterProcessing(String pathContains) {
            return new Fault(pathContains, 0, null, null, true, true, null);
        }
    }

    static {
        // like MLflow's own servers (gunicorn, uvicorn): without TCP_NODELAY every answer waits out a delayed ACK
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final MlflowState state;
    private final ModelEndpoints models;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final ServerCosts costs;
    private final ReentrantLock sqliteWriter = new ReentrantLock();
    private final ExecutorService executor;
    private final int port;
    private final SSLContext tls;
    private volatile HttpServer server;
    private volatile long delayMillis;
    private volatile String requiredAuthorization;
    private volatile boolean loseCreateRace;
    private volatile Consumer<String> onArrival = path -> {
    };

    private FakeMlflowServer(int port, boolean serveArtifacts, SSLContext tls, boolean mlflow2, ServerCosts costs)
            throws IOException {
        this.state = new MlflowState(serveArtifacts);
        this.models = new ModelEndpoints(state, mlflow2);
        this.tls = tls;
        this.costs = costs;
        this.executor = Executors.newFixedThreadPool(costs.workers());
        this.server = bind(port);
        this.port = server.getAddress().getPort();
    }

    /** Started on a free loopback port; {@code serveArtifacts} false is {@code mlflow server --no-serve-artifacts}. */
    public static FakeMlflowServer start(boolean serveArtifacts) throws IOException {
        return start(serveArtifacts, ServerCosts.FAST);
    }

    /** With {@code costs} per request: {@link ServerCosts#REAL_SERVER} answers as slowly as {@code mlflow server}. */
    public static FakeMlflowServer start(boolean serveArtifacts, ServerCosts costs) throws IOException {
        return new FakeMlflowServer(0, serveArtifacts, null, false, costs);
    }

    /** As an MLflow 2 server (2.9.2): no logged-models API, no {@code models:/} version sources. */
    public static FakeMlflowServer startMlflow2(boolean serveArtifacts) throws IOException {
        return new FakeMlflowServer(0, serveArtifacts, null, true, ServerCosts.FAST);
    }

    /** Speaking HTTPS with {@code tls}'s certificate, as {@code https://localhost:<port>}. */
    public static FakeMlflowServer startHttps(SSLContext tls) throws IOException {
        return new FakeMlflowServer(0, true, tls, false, ServerCosts.FAST);
    }

    public String uri() {
        return tls == null ? "http://127.0.0.1:" + port : "https://localhost:" + port;
    }

    public MlflowState state() {
        return state;
    }

    /** LoggedModels and the model registry. */
    public ModelEndpoints models() {
        return models;
    }

    public List<Request> requests() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }

    public void requireAuthorization(String header) {
        this.requiredAuthorization = header;
    }

    /** The next experiments/create finds that another client created the experiment a moment earlier. */
    public void loseNextCreateRace() {
        this.loseCreateRace = true;
    }

    /** {@code hook} is given the path of each request as it arrives, before the server processes or delays it. */
    public void onArrival(Consumer<String> hook) {
        this.onArrival = hook;
    }

    public void delayResponses(long millis) {
        this.delayMillis = millis;
    }

    public void inject(Fault fault) {
        faults.add(fault);
    }

    /**
     * Stops listening: clients get "connection refused" until {@link #up()}. Requests being handled are answered
     * first (a crash that loses an answer is {@link Fault#dropAfterProcessing}).
     */
    public synchronized void down() {
        if (server != null) {
            server.stop(1);
            server = null;
        }
    }

    public synchronized void up() throws IOException {
        if (server == null) {
            server = bind(port);
        }
    }

    @Override
    public void close() {
        down();
        executor.shutdownNow();
    }

    private HttpServer bind(int p) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), p);
        HttpServer s;
        if (tls == null) {
            s = HttpServer.create(address, 64);
        } else {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            s = https;
        }
        s.setExecutor(executor);
        s.createContext("/", this::handle);
        s.start();
        return s;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            long arrived = System.currentTimeMillis();
            String path = ex.getRequestURI().getRawPath();
            byte[] raw = readAll(ex.getRequestBody());
            onArrival.accept(path);
            if (delayMillis > 0) {
                sleep(delayMillis);
            }
            Fault fault = takeFault(path);
            if (fault != null && fault.drop()) {
                if (fault.afterProcessing()) {
                    route(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), raw,
                            ex.getRequestHeaders().getFirst("Content-Type"));
                }
                record(ex, path, raw, 0, arrived);
                return; // closing without a response: the client sees the connection drop
            }
            Response r;
            if (fault != null) {
                r = fault.body() != null ? new Response(fault.status(), fault.body(), "text/plain")
                        : Response.error(fault.status(), fault.errorCode(), "injected failure");
                if (fault.retryAfter() != null) {
                    ex.getResponseHeaders().add("Retry-After", fault.retryAfter());
                }
            } else if (requiredAuthorization != null
                    && !requiredAuthorization.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                r = new Response(401, "You are not authenticated. Please see the documentation for details",
                        "text/plain");
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"mlflow\"");
            } else {
                if (loseCreateRace && path.endsWith("experiments/create")) {
                    loseCreateRace = false;
                    state.post("experiments/create", (ObjectNode) json.readTree(raw));
                }
                r = costs.serve(ex.getRequestMethod(), path, raw, sqliteWriter, () -> route(ex.getRequestMethod(), path,
                        ex.getRequestURI().getRawQuery(), raw, ex.getRequestHeaders().getFirst("Content-Type")));
            }
            record(ex, path, raw, r.status(), arrived);
            byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", r.contentType());
            ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
        }
    }

    private Response route(String method, String path, String query, byte[] raw, String contentType) {
        if (path.startsWith("/api/2.0/mlflow-artifacts/artifacts/")) {
            if (!state.servesArtifacts()) {
                return Response.error(404, "ENDPOINT_NOT_FOUND", "No API endpoint found");
            }
            if (!method.equals("PUT")) {
                return Response.error(405, "BAD_REQUEST", "only PUT is implemented here");
            }
            state.putArtifact(path.substring("/api/2.0/mlflow-artifacts/artifacts/".length()), raw);
            return Response.json("{}");
        }
        if (!path.startsWith("/api/2.0/mlflow/")) {
            return Response.error(404, "ENDPOINT_NOT_FOUND", "No API endpoint found for " + path);
        }
        String endpoint = path.substring("/api/2.0/mlflow/".length());
        try {
            if (ModelEndpoints.handles(endpoint)) {
                JsonNode body = method.equals("GET") || raw.length == 0 ? json.createObjectNode() : json.readTree(raw);
                return models.route(method, endpoint, MlflowState.queryParams(query), body);
            }
            if (method.equals("GET")) {
                return state.get(endpoint, MlflowState.queryParams(query));
            }
            if (contentType == null || !contentType.startsWith("application/json")) {
                return Response.error(400, "BAD_REQUEST", "Content-Type must be application/json");
            }
            JsonNode body = json.readTree(raw);
            if (body == null || !body.isObject()) {
                return Response.error(400, "MALFORMED_REQUEST", "request body is not a JSON object");
            }
            Response r = state.post(endpoint, (ObjectNode) body);
            if (r.status() == 200 && endpoint.equals("runs/log-batch")) {
                models.metricsLogged(body);
            }
            return r;
        } catch (IOException e) {
            return Response.error(400, "MALFORMED_REQUEST", "invalid JSON: " + e.getMessage());
        }
    }

    private void record(HttpExchange ex, String path, byte[] raw, int status, long arrived) {
        JsonNode body = null;
        if (raw.length > 0 && !path.contains("mlflow-artifacts")) {
            try {
                body = json.readTree(raw);
            } catch (IOException e) {
                body = null;
            }
        }
        requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), body,
                ex.getRequestHeaders().getFirst("Authorization"), System.currentTimeMillis(), status, arrived));
    }

    private Fault takeFault(String path) {
        for (Fault f : faults) {
            if (path.contains(f.pathContains()) && faults.remove(f)) {
                return f;
            }
        }
        return null;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Distinct points of each metric key as the server stored them (MLflow's SQL store drops exact repeats). */
    public Map<String, List<MlflowState.Point>> metrics(String runId) {
        return state.run(runId).metrics();
    }
}
