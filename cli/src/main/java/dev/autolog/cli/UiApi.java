package dev.autolog.cli;

import dev.autolog.backend.BoundedFiles;
import dev.autolog.backend.ExperimentInfo;
import dev.autolog.backend.RunInfo;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The UI's JSON API: experiments, runs, one run, its metric points, an artifact. Every answer is computed from the
 * files as they are now, or, on a store with an index, from its snapshot: the runs a query matches, in order, and
 * the keys of them are then computed once per snapshot ({@link SnapshotMemo}) and a request builds only its page.
 * Artifacts are served only from inside the run's own artifact directory (symbolic links
 * included), and never with a type a browser would run.
 */
final class UiApi {
    private static final String JSON = "application/json; charset=utf-8";
    private static final Map<String, String> INLINE_TYPES = Map.of("json", JSON, "txt", "text/plain; charset=utf-8",
            "csv", "text/plain; charset=utf-8", "log", "text/plain; charset=utf-8", "yaml", "text/plain; charset=utf-8",
            "yml", "text/plain; charset=utf-8", "md", "text/plain; charset=utf-8", "png", "image/png",
            "jpg", "image/jpeg", "jpeg", "image/jpeg");

    /** An answer: its body in memory, or, for an artifact, the confined file opened, to be streamed and closed. */
    record Response(int status, String contentType, byte[] body, String attachment, SeekableByteChannel file) {
        Response(int status, String contentType, byte[] body, String attachment) {
            this(status, contentType, body, attachment, null);
        }

        static Response json(Object value) {
            return new Response(200, JSON, UiServer.utf8(Json.write(value)), null);
        }

        static Response error(int status, String message) {
            return new Response(status, JSON, UiServer.utf8(Json.write(Map.of("error", message))), null);
        }
    }

    /** A page of the runs table holds at most this many runs; the table pages through the rest. */
    static final int MAX_RUNS = 1000;
    static final int DEFAULT_PAGE = 100;
    /** The most runs the parallel-coordinates and scatter views draw (and say so when there are more). */
    static final int MAX_PLOTTED = 10_000;
    /** {@code /api/keys} reads the keys of the first this many matching runs, and answers at most MAX_KEYS a kind. */
    static final int MAX_KEY_RUNS = 10_000;
    static final int MAX_KEYS = 500;
    private static final List<String> RUNS_PARAMS = List.of("experiment", "filter", "order_by", "brush", "columns",
            "offset", "limit");
    private static final List<String> VALUES_PARAMS = List.of("experiment", "filter", "order_by", "brush", "columns",
            "limit");
    private static final List<String> KEYS_PARAMS = List.of("experiment", "filter", "brush");

    private final Store store;
    final SeriesCache cache;
    /** One thread parses the metric files of the runs whose pages were asked lately, the newest asked first. */
    private final ThreadPoolExecutor preparing = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1), work -> {
                Thread t = new Thread(work, "autolog-ui-prepare");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardOldestPolicy());

    private final SnapshotMemo memo;

    UiApi(Store store) {
        this.store = store;
        this.memo = new SnapshotMemo(store);
        this.cache = new SeriesCache(SeriesCache.MAX_POINTS, new SeriesDiskCache(IndexCache.userCacheDir(),
                store.warnings()));
    }

    Response answer(String endpoint, Map<String, String> query) throws IOException {
        try {
            return switch (endpoint) {
                case "experiments" -> Response.json(experiments());
                case "runs" -> Response.json(runs(RunsQuery.of(endpoint, query, RUNS_PARAMS, DEFAULT_PAGE,
                        MAX_RUNS)));
                case "values" -> Response.json(values(RunsQuery.of(endpoint, query, VALUES_PARAMS, MAX_PLOTTED,
                        MAX_PLOTTED)));
                case "keys" -> Response.json(keys(RunsQuery.of(endpoint, query, KEYS_PARAMS, 1, 1)));
                case "run" -> Response.json(run(runOf(query)));
                case "metrics" -> Response.json(metrics(runOf(query), query));
                case "metric-point" -> Response.json(metricPoint(runOf(query), query));
                case "artifact" -> artifact(runOf(query), query.getOrDefault("path", ""), query.containsKey("download"));
                default -> Response.error(404, "no API endpoint '" + endpoint
                        + "' (accepted: experiments, runs, values, keys, run, metrics, metric-point, artifact)");
            };
        } catch (CliException e) {
            // the command line names the store's folder; a client is told no path of this machine
            return Response.error(e.exitCode() == ExitCode.USAGE ? 400 : 404,
                    e.getMessage().replace(store.root().toString(), "the store"));
        }
    }

    /**
     * Starts parsing the run's metric files in step order (the charts' default) while its page and scripts load, so
     * that the page's own requests find them parsed or being parsed; a bad id or an unreadable file is left for
     * those requests to report.
     */
    Future<Map<String, SortedSeries>> prepare(String runId) {
        return preparing.submit(() -> {
            try {
                return series(store.run(runId), false);
            } catch (IOException | RuntimeException e) {
                return Map.of();
            }
        });
    }

    private RunInfo runOf(Map<String, String> query) {
        String id = query.get("id");
        if (id == null || id.isEmpty()) {
            throw CliException.usage("the query needs id=<run id>");
        }
        return store.run(id);
    }

    private List<Object> experiments() {
        return memo.get(List.of("experiments"), this::readExperiments);
    }

    private List<Object> readExperiments() {
        List<Object> out = new ArrayList<>();
        for (ExperimentInfo e : store.experiments()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("experiment_id", e.id());
            j.put("name", e.name());
            j.put("runs", store.runs(e).stream().filter(r -> r.lifecycleStage().equals("active")).count());
            out.add(j);
        }
        return out;
    }

    /** The active runs the query matches, newest first unless it orders them otherwise. */
    private List<RunInfo> matching(RunsQuery q) {
        return memo.get(List.of("matching", q.matched()), () -> {
            List<RunInfo> active = (q.experiment() == null ? store.allRuns()
                    : store.runs(store.experiment(q.experiment()))).stream()
                    .filter(r -> r.lifecycleStage().equals("active")).toList();
            if (q.keepsAll()) {
                return active;
            }
            List<StoreRunValues> found = q.search().apply(active, store);
            return (q.brushes().isEmpty() ? found.stream() : found.parallelStream()
                    .filter(r -> q.brushes().stream().allMatch(b -> b.contains(r)))).map(StoreRunValues::run).toList();
        });
    }

    /** The values of the runs {@code from} (inclusive) to {@code to} (exclusive) of the matching ones. */
    private List<StoreRunValues> slice(List<RunInfo> runs, long from, long to) {
        return runs.subList((int) Math.min(from, runs.size()), (int) Math.min(to, runs.size())).stream()
                .map(store::values).toList();
    }

    /**
     * One page of the matching runs, how many match in all, and for each run on it the values of the columns asked
     * for (as {@code runs list --columns} reads them) and the best value of each metric column.
     */
    private Map<String, Object> runs(RunsQuery q) {
        List<RunInfo> runs = matching(q);
        long now = System.currentTimeMillis();
        Map<String, String> names = new LinkedHashMap<>();
        store.experiments().forEach(e -> names.put(e.id(), e.name()));
        List<StoreRunValues> page = slice(runs, q.offset(), (long) q.offset() + q.limit());
        List<Object> shown = page.parallelStream().map(r -> {
            Map<String, Object> j = store.latest(r.run()).toJson(now);
            j.put("experiment_name", names.getOrDefault(r.run().experimentId(), r.run().experimentId()));
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, Object> best = new LinkedHashMap<>();
            for (SearchField c : q.columns()) {
                values.put(c.name(), Json.value(r.value(c)));
                MetricStats m = c.kind() == SearchField.Kind.METRIC ? r.metric(c.key()) : null;
                if (m != null) {
                    best.put(c.name(), Json.number(m.best()));
                }
            }
            j.put("values", values);
            j.put("best", best);
            return (Object) j;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", runs.size());
        out.put("offset", q.offset());
        out.put("limit", q.limit());
        out.put("columns", q.columns().stream().map(SearchField::name).toList());
        out.put("runs", shown);
        return out;
    }

    /** The columns' values of the first matching runs, compact, for the views that draw every run. */
    private Map<String, Object> values(RunsQuery q) {
        List<RunInfo> runs = matching(q);
        List<Object> rows = slice(runs, 0, q.limit()).parallelStream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("run_id", r.run().runId());
            row.put("run_name", r.run().runName());
            row.put("values", q.columns().stream().map(r::value).toList());
            return (Object) row;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", runs.size());
        out.put("columns", q.columns().stream().map(SearchField::name).toList());
        out.put("runs", rows);
        return out;
    }

    /**
     * The param, metric and tag keys of the matching runs (of the first {@link #MAX_KEY_RUNS}), sorted, at most
     * {@link #MAX_KEYS} of each kind, and the attributes: what the column picker offers.
     */
    private Map<String, Object> keys(RunsQuery q) {
        return memo.get(List.of("keys", q.matched()), () -> readKeys(q));
    }

    private Map<String, Object> readKeys(RunsQuery q) {
        List<RunInfo> runs = matching(q);
        List<StoreRunValues> read = slice(runs, 0, MAX_KEY_RUNS);
        Map<String, Object> out = new LinkedHashMap<>();
        boolean cut = false;
        for (SearchField.Kind kind : List.of(SearchField.Kind.PARAM, SearchField.Kind.METRIC, SearchField.Kind.TAG)) {
            java.util.SortedSet<String> keys = read.parallelStream().map(r -> r.keys(kind))
                    .collect(java.util.TreeSet::new, java.util.Set::addAll, java.util.Set::addAll);
            cut |= keys.size() > MAX_KEYS;
            out.put(kind.prefix, keys.stream().limit(MAX_KEYS).toList());
        }
        out.put("attributes", SearchField.ATTRIBUTES.stream().sorted().toList());
        out.put("runs_read", read.size());
        out.put("total", runs.size());
        out.put("truncated", cut || read.size() < runs.size());
        return out;
    }

    private Map<String, Object> run(RunInfo run) throws IOException {
        Map<String, MetricStats> stats = new LinkedHashMap<>();
        series(run, false).forEach((key, sorted) -> {
            if (sorted.size() > 0) {
                stats.put(key, sorted.memo("stats", () -> MetricStats.of(sorted.series(), null)));
            }
        });
        RunSummary s = new RunSummary(run, store.reader().tags(run.runId()), store.reader().params(run.runId()),
                stats);
        Map<String, Object> j = s.toJson(System.currentTimeMillis());
        j.put("experiment_name", store.experiments().stream().filter(e -> e.id().equals(run.experimentId()))
                .map(ExperimentInfo::name).findFirst().orElse(run.experimentId()));
        j.put("metric_stats", s.metrics().values().stream().map(MetricStats::toJson).toList());
        List<Object> artifacts = new ArrayList<>();
        store.artifactSizes(run).forEach((a, size) -> {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("path", a);
            file.put("size", size);
            file.put("inline", INLINE_TYPES.containsKey(extension(a)) && !INLINE_TYPES.get(extension(a))
                    .startsWith("image"));
            artifacts.add(file);
        });
        j.put("artifacts", artifacts);
        j.put("models", store.reader().loggedModels(run.runId()).stream().map(m -> {
            Map<String, Object> model = ModelSummary.toJson(m);
            model.put("signature", ModelSummary.signature(m.signatureInputs()));
            return model;
        }).toList());
        j.put("datasets", store.reader().inputs(run.runId()).stream().map(in -> {
            Map<String, Object> d = DatasetSummary.toJson(in);
            d.put("schema_summary", DatasetSummary.schema(in.schema()));
            return d;
        }).toList());
        return j;
    }

    /** Each metric file of the run, parsed or from the cache, sorted by step or by time; by key. */
    private Map<String, SortedSeries> series(RunInfo run, boolean byTime) throws IOException {
        Map<String, SortedSeries> out = new LinkedHashMap<>();
        for (Map.Entry<String, Path> file : store.reader().metricFiles(run.runId()).entrySet()) {
            out.put(file.getKey(), cache.get(file.getKey(), file.getValue(), byTime));
        }
        return out;
    }

    /**
     * Per key, the points to draw on a chart {@code points} pixels wide ({@link Downsampler}), in x order: parallel
     * arrays of steps, timestamps, values (a NaN or infinite value as the text {@code NaN}, {@code Infinity} or
     * {@code -Infinity}) and, with {@code smoothing} over 0, the smoothed values ({@link SortedSeries#smoothed});
     * with the file's point count and its NaN and infinite counts. {@code first_time} is the run's earliest point,
     * for charts against relative time.
     */
    private Map<String, Object> metrics(RunInfo run, Map<String, String> query) throws IOException {
        int width = (int) number(query, "points", ChartQuery.POINTS);
        boolean byTime = ChartQuery.byTime(query.get("x"));
        double smoothing = number(query, "smoothing", ChartQuery.SMOOTHING);
        String only = query.get("key");
        Map<String, SortedSeries> all = series(run, byTime);
        if (only != null && !all.containsKey(only)) {
            throw CliException.notFound("no metric '" + only + "' in run " + run.runId());
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        long firstTime = Long.MAX_VALUE;
        for (Map.Entry<String, SortedSeries> e : all.entrySet()) {
            SortedSeries s = e.getValue();
            firstTime = Math.min(firstTime, s.memo("first time", () -> {
                long first = Long.MAX_VALUE;
                for (long t : s.series().times()) {
                    first = Math.min(first, t);
                }
                return first;
            }));
            if (only == null || only.equals(e.getKey())) {
                metrics.put(e.getKey(), ChartQuery.drawn(s, width, smoothing));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", run.runId());
        out.put("first_time", firstTime == Long.MAX_VALUE ? null : firstTime);
        out.put("x", byTime ? "time" : "step");
        out.put("metrics", metrics);
        return out;
    }

    /**
     * The real points of one metric whose x (step, or time in ms) is nearest {@code at}, from the whole file: what a
     * chart's hover shows, however few of the points it draws.
     */
    private Map<String, Object> metricPoint(RunInfo run, Map<String, String> query) throws IOException {
        String key = query.get("key");
        if (key == null || key.isEmpty()) {
            throw CliException.usage("the query needs key=<metric key>");
        }
        boolean byTime = ChartQuery.byTime(query.get("x"));
        double at = number(query, "at", ChartQuery.AT);
        SortedSeries s = series(run, byTime).get(key);
        if (s == null) {
            throw CliException.notFound("no metric '" + key + "' in run " + run.runId());
        }
        return ChartQuery.nearest(s, at);
    }

    private static double number(Map<String, String> query, String name, ChartQuery.Range range) {
        return range.parse(name, query.get(name));
    }

    /**
     * Served only from inside the run's real artifacts directory, opened so that a folder swapped for a link while
     * the file is found and read cannot lead elsewhere ({@code RunFiles.open}). A file outside answers as a missing
     * one, so that a planted link cannot tell which files exist on the machine.
     */
    private Response artifact(RunInfo run, String path, boolean download) throws IOException {
        String[] segments = path.split("/");
        for (String segment : segments) {
            if (segment.equals("..") || segment.contains("\\") || segment.indexOf('\0') >= 0) {
                return Response.error(400, "artifact path '" + path + "' must stay inside the run's artifacts"
                        + " ('/'-separated names, no '..', '\\' or NUL)");
            }
        }
        Optional<SeekableByteChannel> file;
        try {
            file = store.reader().openArtifact(run, path);
        } catch (BoundedFiles.UnreadableFileException notAFile) {
            return Response.error(404, "artifact '" + path + "' in run " + run.runId() + " is " + notAFile.getMessage());
        }
        if (file.isEmpty()) {
            return Response.error(404, "no artifact '" + path + "' in run " + run.runId());
        }
        String type = INLINE_TYPES.getOrDefault(extension(path), "application/octet-stream");
        String name = segments[segments.length - 1].replaceAll("[^A-Za-z0-9._-]", "_");
        // streamed, never read whole: a model artifact may be larger than the UI's heap or than an array can hold
        return new Response(200, type, new byte[0], download ? name : null, file.get());
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
