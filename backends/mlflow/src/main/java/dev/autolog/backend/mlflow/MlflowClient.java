package dev.autolog.backend.mlflow;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autolog.RunStatus;
import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

/**
 * The endpoints of MLflow's REST API 2.0 the backend uses, with request shapes as in mlflow/protos/service.proto.
 * Each call makes one attempt; retrying is the caller's business. Failures are {@link MlflowError}s. Requests go
 * through the JDK's {@link HttpURLConnection} ({@link UrlConnections}): a fresh JVM has its first answer ~0.1 s after
 * {@code main} starts, where OkHttp, which loads Okio and Kotlin first, takes ~0.5 s, which a short job's first run
 * waited for. OkHttp, loaded
 * then, sends PATCH, which {@code HttpURLConnection} cannot, and every request when the application changed how the
 * JDK's connections behave for the whole JVM ({@link UrlConnections#shared()}).
 */
final class MlflowClient implements AutoCloseable {
    private static final String API = "api/2.0/mlflow/";
    private static final String ARTIFACTS_API = "api/2.0/mlflow-artifacts/artifacts/";
    static final String ARTIFACTS_SCHEME = "mlflow-artifacts:";
    /** log-batch requests in flight at once: the server parses and stores them in parallel. */
    static final int IN_FLIGHT = 4;

    private static final String JSON = "application/json";
    private static final String OCTETS = "application/octet-stream";
    private static final String USER_AGENT = "autolog-mlflow-backend";
    /** The most of an answer read: MLflow's own are a few KB; a hostile or broken server's could fill the heap. */
    static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private final MlflowSettings settings;
    private final String base;
    private final UrlConnections connections;
    /** Whether requests go through {@link #connections} rather than OkHttp. */
    private final boolean jdkConnections;
    /** Built at the first request that needs it. */
    private volatile OkHttpClient okHttp;
    private final String server;
    private final Credentials credentials;
    /** Daemon threads, so a batch in flight never keeps the application's JVM alive. */
    private final ExecutorService senders = Executors.newFixedThreadPool(IN_FLIGHT,
            DaemonThreads.named("autolog-mlflow-sender"));

    MlflowClient(MlflowSettings settings) {
        this.settings = settings;
        this.server = settings.server().toString();
        this.base = server.endsWith("/") ? server : server + "/";
        this.credentials = settings.credentials();
        this.connections = new UrlConnections(settings);
        this.jdkConnections = !connections.shared();
    }

    /**
     * Starts looking {@code experiment} up (when not null) on a sender thread, idle until the first batch: the answer
     * is on its way while the backend's own set-up (spool, sync states, run locks, the shipper) goes on. Answers the
     * experiment's id when it exists and is active.
     */
    Future<Optional<String>> warmUp(String experiment) {
        return senders.submit(() -> experiment == null ? Optional.<String>empty() : existingExperimentId(experiment));
    }

    /** The id of the active experiment {@code name}, created when missing; losing a creation race is fine. */
    String experimentId(String name) throws IOException {
        Optional<String> id = existingExperimentId(name);
        if (id.isPresent()) {
            return id.get();
        }
        ObjectNode body = JsonTrees.object().put("name", name);
        try {
            return ServerIds.checked(post("experiments/create", body).path("experiment_id"), "experiment_id",
                    "POST /" + API + "experiments/create on " + server);
        } catch (MlflowError e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
            return existingExperimentId(name).orElseThrow(() -> new MlflowError("experiment '" + name + "' exists on "
                    + server + " but is deleted; restore it there or set autolog.experiment to another name", 400,
                    "RESOURCE_ALREADY_EXISTS", null, e));
        }
    }

    /** The id of the active experiment {@code name}, if there is one. */
    Optional<String> existingExperimentId(String name) throws IOException {
        try {
            JsonNode exp = get("experiments/get-by-name", Map.of("experiment_name", name)).path("experiment");
            return "deleted".equals(exp.path("lifecycle_stage").asText()) ? Optional.empty()
                    : Optional.of(ServerIds.checked(exp.path("experiment_id"), "experiment_id",
                    "GET /" + API + "experiments/get-by-name on " + server));
        } catch (MlflowError e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    RemoteRun createRun(String experimentId, String runName, long startTime, String user, Map<String, String> tags)
            throws IOException {
        ObjectNode body = JsonTrees.object().put("experiment_id", experimentId).put("run_name", runName)
                .put("start_time", startTime).put("user_id", user);
        ArrayNode t = body.putArray("tags");
        tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
        return remoteRun(post("runs/create", body).path("run").path("info"), "POST /" + API + "runs/create on " + server);
    }

    /** The active run of the experiment carrying tag {@code key=value}, if any. */
    Optional<RemoteRun> findRun(String experimentId, String key, String value) throws IOException {
        ObjectNode body = JsonTrees.object().put("filter", "tags.`" + key + "` = '" + value + "'")
                .put("max_results", 1).put("run_view_type", "ACTIVE_ONLY");
        body.putArray("experiment_ids").add(experimentId);
        JsonNode runs = post("runs/search", body).path("runs");
        return runs.isEmpty() ? Optional.empty()
                : Optional.of(remoteRun(runs.path(0).path("info"), "POST /" + API + "runs/search on " + server));
    }

    void logBatch(String runId, LogBatch batch) throws IOException {
        logBatch(runId, batch, null);
    }

    /**
     * With a {@code modelId}, every metric carries it, else those the batch names a model for: the points then also
     * belong to that LoggedModel (MLflow 3).
     */
    void logBatch(String runId, LogBatch batch, String modelId) throws IOException {
        post("runs/log-batch", logBatchBody(runId, batch, modelId));
    }

    /**
     * Writes and reads, without sending, a request and an answer of each kind a new run's first pass has (run
     * creation, log-batch): a fresh JVM loads and first runs that code on the thread that waits for the experiment
     * lookup, rather than between the run's creation and its first points.
     */
    static void warmUpEncoding() throws IOException {
        byte[] line = "1 0.5 1".getBytes(StandardCharsets.ISO_8859_1);
        MetricTail.Point point = MetricTail.parse("m", line, 0, line.length, line.length + 1);
        logBatchBody("r", new LogBatch(List.of(point), List.of(new Param("p", "v")), List.of(new Tag("t", "v"))), null);
        JsonTrees.write(JsonTrees.object().put("experiment_id", "0").put("start_time", 1L).putArray("tags")
                .addObject().put("key", "k").put("value", "v"));
        remoteRun(JsonTrees.read("{\"run\":{\"info\":{\"run_id\":\"r\",\"artifact_uri\":\"a\"}}}")
                .path("run").path("info"), "warm-up");
    }

    static byte[] logBatchBody(String runId, LogBatch batch, String modelId) throws IOException {
        // streamed rather than built as a tree: a 1000-point body is most of the shipper's CPU otherwise
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 + 80 * batch.size());
        try (JsonGenerator g = JsonTrees.FACTORY.createGenerator(body)) {
            g.writeStartObject();
            g.writeStringField("run_id", runId);
            g.writeArrayFieldStart("metrics");
            for (MetricTail.Point m : batch.metrics()) {
                g.writeStartObject();
                g.writeStringField("key", m.key());
                String model = modelId != null ? modelId : batch.modelIds().get(m.key());
                if (model != null) {
                    g.writeStringField("model_id", model);
                }
                g.writeRaw(',');
                g.writeRaw(m.json());
                g.writeEndObject();
            }
            g.writeEndArray();
            writeKeyValues(g, "params", batch.params(), Param::key, Param::value);
            writeKeyValues(g, "tags", batch.tags(), Tag::key, Tag::value);
            g.writeEndObject();
        }
        return body.toByteArray();
    }

    private static <T> void writeKeyValues(JsonGenerator g, String field, List<T> items, Function<T, String> key,
                                           Function<T, String> value) throws IOException {
        g.writeArrayFieldStart(field);
        for (T item : items) {
            g.writeStartObject();
            g.writeStringField("key", key.apply(item));
            g.writeStringField("value", value.apply(item));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** {@link #logBatch} on a sender thread; the future fails with the {@link MlflowError}. */
    Future<Void> logBatchAsync(String runId, LogBatch batch) {
        return senders.submit(() -> {
            logBatch(runId, batch);
            return null;
        });
    }

    /** {@code runs/log-inputs}: the datasets with their context tag (research/mlflow-models.md §6.6). */
    void logInputs(String runId, List<DatasetInput> inputs) throws IOException {
        ObjectNode body = JsonTrees.object().put("run_id", runId);
        ArrayNode datasets = body.putArray("datasets");
        for (DatasetInput in : inputs) {
            ObjectNode input = datasets.addObject();
            ArrayNode tags = input.putArray("tags");
            if (in.context() != null) {
                tags.addObject().put("key", DatasetInput.CONTEXT_TAG).put("value", in.context());
            }
            ObjectNode d = input.putObject("dataset").put("name", in.name()).put("digest", in.digest())
                    .put("source_type", in.sourceType()).put("source", in.source());
            if (in.schema() != null) {
                d.put("schema", in.schema());
            }
            if (in.profile() != null) {
                d.put("profile", in.profile());
            }
        }
        post("runs/log-inputs", body);
    }

    void updateRun(String runId, RunStatus status, long endTime) throws IOException {
        post("runs/update", JsonTrees.object().put("run_id", runId).put("status", status.name())
                .put("end_time", endTime));
    }

    /**
     * Uploads through the artifact proxy. {@code artifactUri} is the run's {@code mlflow-artifacts:/<exp>/<run>/artifacts}
     * (or with {@code //host:port}); the file goes to {@code api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts/<path>}.
     */
    void uploadArtifact(String artifactUri, String path, SeekableByteChannel file) throws IOException {
        long length = file.size();
        // the length and the bytes from the file opened (a path opened again may lead elsewhere), from its start at
        // each attempt, cut at the length announced when the file has grown since
        upload(artifactUri, path, new Body(OCTETS, length, out -> {
            file.position(0);
            long left = length;
            byte[] buffer = new byte[64 * 1024];
            InputStream in = Channels.newInputStream(file);
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; left -= n) {
                out.write(buffer, 0, n);
            }
        }));
    }

    /** {@link #uploadArtifact(String, String, SeekableByteChannel)} with the file's content given. */
    void uploadArtifact(String artifactUri, String path, byte[] content) throws IOException {
        upload(artifactUri, path, Body.of(OCTETS, content));
    }

    private void upload(String artifactUri, String path, Body body) throws IOException {
        String root = URI.create(artifactUri).getPath().replaceAll("^/+", "").replaceAll("/+$", "");
        execute("PUT", url(ARTIFACTS_API, root + "/" + path), body, "PUT artifact " + path);
    }

    /** The run an answer names; {@code where} says which request it answered. */
    private static RemoteRun remoteRun(JsonNode info, String where) throws MlflowError {
        JsonNode id = info.has("run_id") ? info.path("run_id") : info.path("run_uuid");
        return new RemoteRun(ServerIds.checked(id, "run_id", where), info.path("artifact_uri").asText(""));
    }

    /** {@code api} then the path's segments, each percent-encoded (an id in it comes from the server). */
    private String url(String api, String path) {
        StringBuilder url = new StringBuilder(base).append(api, 0, api.length() - 1);
        for (String segment : path.split("/")) {
            url.append('/').append(encode(segment));
        }
        return url.toString();
    }

    /** A path segment or a query part, percent-encoded (a space as %20, which every server reads alike). */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String endpoint, Map<String, String> query) throws IOException {
        StringBuilder url = new StringBuilder(url(API, endpoint));
        char separator = '?';
        for (Map.Entry<String, String> q : query.entrySet()) {
            url.append(separator).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
            separator = '&';
        }
        return execute("GET", url.toString(), null, "GET /" + API + endpoint);
    }

    JsonNode patch(String endpoint, ObjectNode body) throws IOException {
        return execute("PATCH", url(API, endpoint), Body.of(JSON, JsonTrees.write(body)), "PATCH /" + API + endpoint);
    }

    /** One request over OkHttp. */
    private JsonNode viaOkHttp(String method, String url, Body body, String what) throws IOException {
        AtomicReference<Call> call = new AtomicReference<>();
        AtomicReference<UrlConnections.Cut> answerDeadline = new AtomicReference<>();
        Runnable cancel = () -> call.get().cancel();
        RequestBody content = body == null ? null : new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get(body.type());
            }

            @Override
            public long contentLength() {
                return body.length();
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                body.writer().writeTo(sink.outputStream());
                sink.flush();
                // the body is sent: the answer's time starts (again, when OkHttp resends the body on a new connection)
                UrlConnections.Cut before = answerDeadline.getAndSet(connections.cutLater(cancel));
                if (before != null) {
                    before.stop();
                }
            }
        };
        Request.Builder request = new Request.Builder().url(url).method(method, content).header("User-Agent", USER_AGENT)
                .header("Accept", JSON);
        if (credentials.header() != null) {
            request.header("Authorization", credentials.header());
        }
        call.set(okHttp().newCall(request.build()));
        if (body == null) {
            answerDeadline.set(connections.cutLater(cancel));
        }
        try (Response response = call.get().execute()) {
            ResponseBody b = response.body();
            String text = b == null ? "" : text(b.byteStream());
            return answer(what, response.code(), response.header("Retry-After"), text);
        } catch (IOException e) {
            throw failure(what, answerDeadline.get() == null ? e : cutOff(answerDeadline.get(), e));
        } finally {
            UrlConnections.Cut deadline = answerDeadline.get();
            if (deadline != null) {
                deadline.stop();
            }
        }
    }

    private OkHttpClient okHttp() {
        OkHttpClient c = okHttp;
        if (c == null) {
            synchronized (this) {
                c = okHttp;
                if (c == null) {
                    c = HttpClients.create(settings);
                    okHttp = c;
                }
            }
        }
        return c;
    }

    JsonNode post(String endpoint, ObjectNode body) throws IOException {
        return post(endpoint, JsonTrees.write(body));
    }

    private JsonNode post(String endpoint, byte[] body) throws IOException {
        return execute("POST", url(API, endpoint), Body.of(JSON, body), "POST /" + API + endpoint);
    }

    /** A request body: its type, its length and how to write it. */
    private record Body(String type, long length, Writer writer) {
        interface Writer {
            void writeTo(OutputStream out) throws IOException;
        }

        static Body of(String type, byte[] bytes) {
            return new Body(type, bytes.length, out -> out.write(bytes));
        }
    }

    /**
     * One request. The body is streamed with its length announced, which also keeps the JDK from sending a POST a
     * second time when a kept-alive connection turns out closed: nothing is resent once written (a lost answer is
     * the shipper's to find out about).
     */
    private JsonNode execute(String method, String url, Body body, String what) throws IOException {
        if (!jdkConnections || method.equals("PATCH")) {
            return viaOkHttp(method, url, body, what);
        }
        HttpURLConnection c = null;
        try {
            c = connections.open(url, method);
            if (credentials.header() != null) {
                c.setRequestProperty("Authorization", credentials.header());
            }
            c.setRequestProperty("User-Agent", USER_AGENT);
            c.setRequestProperty("Accept", JSON);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", body.type());
                c.setFixedLengthStreamingMode(body.length());
                try (OutputStream out = connections.writing(c)) {
                    body.writer().writeTo(out);
                }
            }
            UrlConnections.Cut cut = connections.cutLater(c::disconnect);
            int code;
            String text;
            try {
                code = c.getResponseCode();
                if (code < 0) {
                    throw new IOException("not an HTTP answer");
                }
                try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
                    text = in == null ? "" : text(in);
                }
            } catch (IOException e) {
                throw cutOff(cut, e);
            } finally {
                cut.stop();
            }
            return answer(what, code, c.getHeaderField("Retry-After"), text);
        } catch (HttpRetryException e) {
            // a streamed request answered by a 401 or a redirect: the JDK cannot resend it, the status is the answer
            throw httpError(what, e.responseCode(), null, "");
        } catch (IOException e) {
            throw failure(what, e);
        } finally {
            if (c != null) {
                connections.release(c);
            }
        }
    }

    /** {@code e}, or a timeout when {@code cut} ({@link UrlConnections#cutLater}) caused it. */
    private IOException cutOff(UrlConnections.Cut cut, IOException e) {
        if (!cut.fired()) {
            return e;
        }
        return new InterruptedIOException("the answer did not arrive whole within autolog.mlflow.timeout="
                + settings.timeout().toMillis() + "ms");
    }

    /** An answer's text, read only up to {@link #MAX_ANSWER_BYTES}. */
    private static String text(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
        if (bytes.length > MAX_ANSWER_BYTES) {
            throw new IOException("the answer is larger than " + MAX_ANSWER_BYTES / (1024 * 1024)
                    + " MiB, which no MLflow endpoint the backend calls sends; not read further");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private JsonNode answer(String what, int code, String retryAfter, String text) throws IOException {
        if (code >= 200 && code < 300) {
            try {
                return text.isBlank() ? JsonTrees.object() : JsonTrees.read(text);
            } catch (JsonProcessingException e) {
                // the parser's own message may quote the answer, which may echo the request's Authorization
                throw new MlflowError(what + " on " + server + ": HTTP " + code + " with an answer that is not JSON ("
                        + ErrorText.clean(e.getOriginalMessage(), credentials.secrets()) + ")", 0, "", null, null);
            }
        }
        throw httpError(what, code, retryAfter, text);
    }

    private MlflowError failure(String what, IOException e) {
        if (e instanceof MlflowError m) {
            return m;
        }
        if (e instanceof InterruptedIOException) {
            return new MlflowError(what + " on " + server + ": timed out or cancelled (" + e.getMessage() + ")", 0, "",
                    null, e);
        }
        if (e instanceof SSLException && !certificateRefused(e)) {
            return new MlflowError(what + " on " + server + ": no TLS connection (" + e.getMessage() + "); if the server"
                    + " speaks plain HTTP, use an http:// tracking URI", 0, "", null, e);
        }
        if (e instanceof SSLException) {
            return new MlflowError(what + " on " + server + ": the server's certificate is not trusted (" + e.getMessage()
                    + "); name its CA in MLFLOW_TRACKING_SERVER_CERT_PATH or add it to the JVM's trust store"
                    + " (-Djavax.net.ssl.trustStore=...), or for a test server set MLFLOW_TRACKING_INSECURE_TLS=true", 0, "", null, e);
        }
        return new MlflowError(what + " on " + server + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()), 0, "", null, e);
    }

    /** Whether the handshake failed on the server's certificate (its chain or its name), not on the protocol. */
    private static boolean certificateRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof SSLPeerUnverifiedException) {
                return true;
            }
        }
        return false;
    }

    private MlflowError httpError(String what, int status, String retryAfter, String text) {
        String code = "";
        String message = text;
        try {
            JsonNode err = JsonTrees.read(text);
            if (err != null && err.has("error_code")) {
                code = ErrorText.clean(err.path("error_code").asText(), credentials.secrets());
                message = err.path("message").asText();
            }
        } catch (IOException notJson) {
            // an HTML page from a proxy: the start of it is the best description there is
        }
        message = ErrorText.clean(message, credentials.secrets());
        return new MlflowError(what + " on " + server + ": HTTP " + status
                + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message),
                status, code, Backoff.parseRetryAfter(retryAfter, Clock.systemUTC()), null);
    }

    /** Cancels calls in flight, so that closing does not wait for a slow server. */
    void cancelAll() {
        connections.cancelAll();
        OkHttpClient c = okHttp;
        if (c != null) {
            c.dispatcher().cancelAll();
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
        connections.close();
        OkHttpClient c = okHttp;
        if (c != null) {
            c.dispatcher().executorService().shutdown();
            c.connectionPool().evictAll();
        }
    }
}
