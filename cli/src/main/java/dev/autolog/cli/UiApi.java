package dev.autolog.cli;

import dev.autolog.backend.ExperimentInfo;
import dev.autolog.backend.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The UI's JSON API: experiments, runs, one run, its metric points, an artifact. Every answer is computed from the
 * files as they are now. Artifacts are served only from inside the run's own artifact directory (symbolic links
 * included), and never with a type a browser would run.
 */
final class UiApi {
    private static final String JSON = "application/json; charset=utf-8";
    private static final Map<String, String> INLINE_TYPES = Map.of("json", JSON, "txt", "text/plain; charset=utf-8",
            "csv", "text/plain; charset=utf-8", "log", "text/plain; charset=utf-8", "yaml", "text/plain; charset=utf-8",
            "yml", "text/plain; charset=utf-8", "md", "text/plain; charset=utf-8", "png", "image/png",
            "jpg", "image/jpeg", "jpeg", "image/jpeg");

    record Response(int status, String contentType, byte[] body, String attachment) {
        static Response json(Object value) {
            return new Response(200, JSON, UiServer.utf8(Json.write(value)), null);
        }

        static Response error(int status, String message) {
            return new Response(status, JSON, UiServer.utf8(Json.write(Map.of("error", message))), null);
        }
    }

    /** A runs table refreshed every few seconds must stay fast on a store of thousands of runs. */
    static final int MAX_RUNS = 1000;

    private final Store store;
    private final SeriesCache cache = new SeriesCache(SeriesCache.MAX_POINTS);

    UiApi(Store store) {
        this.store = store;
    }

    Response answer(String endpoint, Map<String, String> query) throws IOException {
        try {
            return switch (endpoint) {
                case "experiments" -> Response.json(experiments());
                case "runs" -> Response.json(runs(query.get("experiment"), RunSearch.of(query.get("filter"),
                        query.get("order_by"))));
                case "run" -> Response.json(run(runOf(query)));
                case "metrics" -> Response.json(metrics(runOf(query), query));
                case "metric-point" -> Response.json(metricPoint(runOf(query), query));
                case "artifact" -> artifact(runOf(query), query.getOrDefault("path", ""), query.containsKey("download"));
                default -> Response.error(404, "no API endpoint '" + endpoint
                        + "' (accepted: experiments, runs, run, metrics, metric-point,"
                        + " artifact)");
            };
        } catch (CliException e) {
            return Response.error(e.exitCode() == ExitCode.USAGE ? 400 : 404, e.getMessage());
        }
    }

    private RunInfo runOf(Map<String, String> query) {
        String id = query.get("id");
        if (id == null || id.isEmpty()) {
            throw CliException.usage("the query needs id=<run id>");
        }
        return store.run(id);
    }

    private List<Object> experiments() {
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

    /**
     * The first {@link #MAX_RUNS} active runs matching the search, newest first unless it orders them otherwise, and
     * how many match in all.
     */
    private Map<String, Object> runs(String experiment, RunSearch search) {
        List<RunInfo> runs = search.apply((experiment == null || experiment.isEmpty() ? store.allRuns()
                : store.runs(store.experiment(experiment))).stream()
                .filter(r -> r.lifecycleStage().equals("active")).toList(), store).stream()
                .map(StoreRunValues::run).toList();
        long now = System.currentTimeMillis();
        Map<String, String> names = new LinkedHashMap<>();
        store.experiments().forEach(e -> names.put(e.id(), e.name()));
        List<Object> shown = runs.stream().limit(MAX_RUNS).parallel().map(r -> {
            Map<String, Object> j = RunSummary.readLatest(store.reader(), r).toJson(now);
            j.put("experiment_name", names.getOrDefault(r.experimentId(), r.experimentId()));
            return (Object) j;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", runs.size());
        out.put("runs", shown);
        return out;
    }

    private Map<String, Object> run(RunInfo run) throws IOException {
        Map<String, MetricStats> stats = new LinkedHashMap<>();
        series(run, false).forEach((key, sorted) -> {
            if (sorted.size() > 0) {
                stats.put(key, sorted.memo("stats", () -> MetricStats.of(key, sorted.series().asList(), null)));
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

    /** Served only when its real path lies inside the run's real artifacts directory ({@code RunFiles}). */
    private Response artifact(RunInfo run, String path, boolean download) throws IOException {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.contains("\\") || segment.indexOf('\0') >= 0) {
                return Response.error(400, "artifact path '" + path + "' leaves the run's artifacts");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        String relative = String.join("/", segments);
        Optional<Path> file = relative.isEmpty() ? Optional.empty() : store.reader().artifactFile(run, relative);
        if (file.isEmpty()) {
            boolean elsewhere = !relative.isEmpty() && Files.exists(run.dir().resolve("artifacts").resolve(relative));
            return elsewhere ? Response.error(400, "artifact path '" + path + "' leaves the run's artifacts")
                    : Response.error(404, "no artifact '" + path + "' in run " + run.runId());
        }
        String type = INLINE_TYPES.getOrDefault(extension(path), "application/octet-stream");
        String name = segments.get(segments.size() - 1).replaceAll("[^A-Za-z0-9._-]", "_");
        return new Response(200, type, Files.readAllBytes(file.get()), download ? name : null);
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
