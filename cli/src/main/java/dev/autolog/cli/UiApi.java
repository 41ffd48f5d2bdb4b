package dev.autolog.cli;

import dev.autolog.backend.ExperimentInfo;
import dev.autolog.backend.Metric;
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
                case "metrics" -> Response.json(metrics(runOf(query)));
                case "artifact" -> artifact(runOf(query), query.getOrDefault("path", ""), query.containsKey("download"));
                default -> Response.error(404, "no API endpoint '" + endpoint
                        + "' (accepted: experiments, runs, run, metrics, artifact)");
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
            Map<String, Object> j = store.latest(r).toJson(now);
            j.put("experiment_name", names.getOrDefault(r.experimentId(), r.experimentId()));
            return (Object) j;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", runs.size());
        out.put("runs", shown);
        return out;
    }

    private Map<String, Object> run(RunInfo run) throws IOException {
        RunSummary s = RunSummary.read(store.reader(), run, null);
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

    /** Per key: parallel arrays of steps, timestamps and values, in file order. */
    private Map<String, Object> metrics(RunInfo run) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Metric>> e : store.reader().metrics(run.runId()).entrySet()) {
            List<Metric> points = e.getValue();
            long[] steps = new long[points.size()];
            long[] times = new long[points.size()];
            double[] values = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                steps[i] = points.get(i).step();
                times[i] = points.get(i).timestampMillis();
                values[i] = points.get(i).value();
            }
            Map<String, Object> series = new LinkedHashMap<>();
            series.put("step", steps);
            series.put("time", times);
            series.put("value", values);
            out.put(e.getKey(), series);
        }
        return out;
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
