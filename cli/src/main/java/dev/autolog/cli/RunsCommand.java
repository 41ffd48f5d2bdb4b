package dev.autolog.cli;

import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LoggedModelInfo;
import dev.autolog.backend.RunInfo;
import dev.autolog.backend.StoreLifecycle;
import dev.autolog.backend.Tag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** {@code runs list|show|compare|tag|end|delete|restore}. */
public final class RunsCommand {
    private static final int DEFAULT_LIMIT = 50;
    private static final int KEY_METRICS = 2;

    private static final String BEST_DIRECTION_HELP = "  --best-direction D   the best value of every metric is its"
            + " max or its min (default: by\n                       name, the highest for scores such as auc or f1,"
            + " the lowest for losses and errors)";

    private RunsCommand() {
    }

    public static Command command() {
        return new CommandGroup("runs", List.of(
                new Subcommand("list", "runs list [--experiment X] [--filter F] [--order-by O] [--columns C]"
                        + " [--format F] [--status S] [--tag k=v] [--limit N] [--all]",
                        "Runs, newest first: name, status, start, duration, framework, key metrics.\n"
                                + "  --experiment X  only this experiment (id or name)\n"
                                + RunSearch.HELP
                                + RunTable.HELP
                                + "  --status S      only runs with this status (RUNNING, FINISHED, FAILED, KILLED)\n"
                                + "  --tag k=v       only runs with this tag value (repeatable)\n"
                                + "  --limit N       at most N runs (default " + DEFAULT_LIMIT + ")\n"
                                + "  --all           include deleted runs",
                        Set.of("experiment", "status", "tag", "limit", "filter", "order-by", "columns", "format"),
                        Set.of("all"), 0, 0, RunsCommand::list),
                new Subcommand("best", "runs best --metric K [--max|--min] [--filter F] [--experiment X]"
                        + " [--columns C] [--format F]",
                        "The run with the best latest value of a metric (ties: the newest run).\n"
                                + "  --metric K      the metric's key, e.g. test-auc\n"
                                + "  --max, --min    the best value is the highest or the lowest (default: by"
                                + " name, the\n                  highest for scores such as auc or f1, the"
                                + " lowest for losses and errors)\n"
                                + "  --experiment X  only this experiment (id or name)\n"
                                + RunSearch.HELP.substring(0, RunSearch.HELP.indexOf("  --order-by"))
                                + RunTable.HELP
                                + "Exits with 1 when no run has a value of the metric.",
                        Set.of("metric", "experiment", "filter", "columns", "format"), Set.of("max", "min"), 0, 0,
                        RunsCommand::best),
                new Subcommand("show", "runs show <run> [--best-direction max|min]",
                        "A run's params, tags, latest metric values with step counts, best values, and artifacts.\n"
                                + "  <run>                a run id (or its first 8+ characters), a run name, or"
                                + " 'last'\n"
                                + BEST_DIRECTION_HELP,
                        Set.of("best-direction"), Set.of(), 1, 1, RunsCommand::show),
                new Subcommand("compare", "runs compare <run> <run> [<run>...] [--best-direction max|min]",
                        "Params side by side ('*' marks the ones that differ), final and best metric values.\n"
                                + BEST_DIRECTION_HELP,
                        Set.of("best-direction"), Set.of(), 2, Integer.MAX_VALUE, RunsCommand::compare),
                new Subcommand("tag", "runs tag <run> k=v [k=v...]", "Sets tags on a run (replacing their values).",
                        Set.of(), Set.of(), 2, Integer.MAX_VALUE, RunsCommand::tag),
                new Subcommand("end", "runs end <run> [--status S]",
                        "Ends a run left RUNNING (its end could not be written): status S (default KILLED), end time"
                                + " now.",
                        Set.of("status"), Set.of(), 1, 1, RunsCommand::end),
                new Subcommand("delete", "runs delete <run>",
                        "Soft-deletes a run (MLflow's lifecycle stage 'deleted'); 'runs restore' brings it back.",
                        Set.of(), Set.of(), 1, 1, (args, out) -> lifecycle(args, out, true)),
                new Subcommand("restore", "runs restore <run>", "Restores a soft-deleted run.",
                        Set.of(), Set.of(), 1, 1, (args, out) -> lifecycle(args, out, false))));
    }

    private static void list(Args args, Output out) {
        RunSearch search = RunSearch.of(args);
        List<Map.Entry<String, String>> tags = args.all("tag").stream().map(t -> Args.keyValue(t, "--tag")).toList();
        RunStamp.Checked reads = search.reads(tags.isEmpty() ? Set.of() : Set.of(RunStamp.Part.TAGS), Set.of());
        Store store = Store.open(args, out).indexed(0, reads);
        RunTable.Format format = RunTable.format(args, out);
        List<SearchField> columns = RunTable.columns(args);
        Stream<RunInfo> runs = experimentRuns(store, args).stream();
        if (!args.flag("all")) {
            runs = runs.filter(r -> r.lifecycleStage().equals("active"));
        }
        String status = args.option("status", null);
        if (status != null) {
            RunStatus wanted = status(status);
            runs = runs.filter(r -> r.status() == wanted);
        }
        if (!tags.isEmpty()) {
            runs = runs.filter(r -> {
                Map<String, String> have = store.latest(r).tags();
                return tags.stream().allMatch(t -> t.getValue().equals(have.get(t.getKey())));
            });
        }
        int limit = args.intOption("limit", DEFAULT_LIMIT);
        List<StoreRunValues> matching = search.apply(runs.toList(), store);
        List<StoreRunValues> shown = matching.subList(0, Math.min(limit, matching.size()));
        if (!columns.isEmpty()) {
            RunTable.print(out, format, columns, shown.stream().map(v -> store.shownValues(v.run())).toList());
        } else {
            printSummaries(out, format, shown.parallelStream().map(v -> store.latest(v.run())).toList());
        }
        if (matching.size() > limit) {
            out.note((matching.size() - limit) + " more runs not shown (use --limit)");
        }
    }

    private static List<RunInfo> experimentRuns(Store store, Args args) {
        String experiment = args.option("experiment", null);
        return experiment == null ? store.allRuns() : store.runs(store.experiment(experiment));
    }

    private static void printSummaries(Output out, RunTable.Format format, List<RunSummary> shown) {
        long now = System.currentTimeMillis();
        if (format == RunTable.Format.JSON) {
            out.json(shown.stream().map(s -> s.toJson(now)).toList());
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (RunSummary s : shown) {
            RunInfo r = s.run();
            rows.add(List.of(format == RunTable.Format.CSV ? r.runId() : Store.shortId(r.runId()), r.runName(),
                    s.shownStatus() + (r.lifecycleStage().equals("active") ? "" : " (deleted)"),
                    Formats.time(r.startTime()), Formats.duration(Formats.durationMillis(r, now)), s.framework(),
                    keyMetrics(s)));
        }
        List<String> headers = List.of("ID", "NAME", "STATUS", "START", "DURATION", "FRAMEWORK", "METRICS");
        if (format == RunTable.Format.CSV) {
            out.csv(headers, rows);
        } else {
            out.table(headers, rows);
        }
        shown.stream().filter(RunSummary::stale).forEach(s -> out.note(staleNote(s.run())));
    }

    /** What a stale run is and the command that ends it; the UI says the same. */
    static String staleNote(RunInfo run) {
        return run.runName() + " (" + run.runId() + ") is STALE: RUNNING in the store, but the process that wrote"
                + " it is gone; end it with: runs end " + run.runId() + " --status KILLED";
    }

    private static void best(Args args, Output out) {
        String metric = args.option("metric", null);
        if (metric == null || metric.isEmpty()) {
            throw CliException.usage("runs best needs --metric <key>, e.g. --metric test-auc");
        }
        if (args.flag("max") && args.flag("min")) {
            throw CliException.usage("give --max or --min, not both");
        }
        BestDirection direction = args.flag("max") ? BestDirection.MAX : args.flag("min") ? BestDirection.MIN
                : BestDirection.of(metric);
        RunSearch search = RunSearch.of(args);
        RunStamp.Checked reads = search.reads(Set.of(), Set.of(metric));
        Store store = Store.open(args, out).indexed(0, reads);
        RunTable.Format format = RunTable.format(args, out);
        List<SearchField> columns = new ArrayList<>(List.of(new SearchField(SearchField.Kind.METRIC, metric)));
        columns.addAll(RunTable.columns(args));
        List<RunInfo> active = experimentRuns(store, args).stream().filter(r -> r.lifecycleStage().equals("active"))
                .toList();
        StoreRunValues best = null;
        double bestValue = Double.NaN;
        for (StoreRunValues run : search.apply(active, store)) {
            Object value = run.value(columns.get(0));
            if (value instanceof Double v && !v.isNaN() && (best == null || direction.isBetter(v, bestValue))) {
                best = run;
                bestValue = v;
            }
        }
        if (best == null) {
            throw CliException.notFound("no run" + (args.all("filter").isEmpty() ? "" : " matching the filter")
                    + " has a value of metric '" + metric + "' (see 'runs show <run>' for the metrics of a run)");
        }
        RunTable.print(out, format, columns, List.of(store.shownValues(best.run())));
    }

    /** Evaluation curves first (test, valid, eval), then other curves ({@code <data>-<metric>}), then the rest. */
    private static String keyMetrics(RunSummary s) {
        return s.metrics().values().stream().sorted(Comparator.comparingInt(m -> rank(m.key())))
                .limit(KEY_METRICS).map(m -> m.key() + "=" + MetricStats.format(m.latest()))
                .reduce((a, b) -> a + " " + b).orElse("");
    }

    private static int rank(String key) {
        return key.startsWith("test") || key.startsWith("val") || key.startsWith("eval") ? 0 : key.contains("-") ? 1 : 2;
    }

    private static RunStatus status(String text) {
        try {
            return RunStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("unknown status '" + text + "' (accepted: RUNNING, SCHEDULED, FINISHED, FAILED,"
                    + " KILLED)");
        }
    }

    private static void show(Args args, Output out) throws IOException {
        Store store = Store.open(args, out);
        RunInfo run = store.run(args.positional().get(0));
        RunSummary s = RunSummary.read(store.reader(), run, bestDirection(args));
        List<String> artifacts = store.reader().artifacts(run.runId());
        List<LoggedModelInfo> models = store.reader().loggedModels(run.runId());
        List<DatasetInput> datasets = store.reader().inputs(run.runId());
        long now = System.currentTimeMillis();
        if (out.json()) {
            Map<String, Object> json = s.toJson(now);
            json.put("metrics", s.metrics().values().stream().map(MetricStats::toJson).toList());
            json.put("artifacts", artifacts);
            json.put("models", models.stream().map(ModelSummary::toJson).toList());
            json.put("datasets", datasets.stream().map(DatasetSummary::toJson).toList());
            out.json(json);
            return;
        }
        out.line("Run         " + run.runName() + " (" + run.runId() + ")");
        out.line("Experiment  " + run.experimentId());
        out.line("Status      " + run.status() + (run.lifecycleStage().equals("active") ? "" : " (deleted)"));
        out.line("Start       " + Formats.time(run.startTime()) + "   duration "
                + Formats.duration(Formats.durationMillis(run, now)));
        section(out, "Params", List.of("KEY", "VALUE"), pairs(s.params()));
        List<List<String>> metrics = new ArrayList<>();
        s.metrics().values().forEach(m -> metrics.add(List.of(m.key(), MetricStats.format(m.latest()),
                Long.toString(m.latestStep()), Integer.toString(m.count()), MetricStats.format(m.best()))));
        section(out, "Metrics", List.of("KEY", "LATEST", "STEP", "POINTS", "BEST"), metrics);
        section(out, "Tags", List.of("KEY", "VALUE"), pairs(s.tags()));
        List<List<String>> files = new ArrayList<>();
        store.artifactSizes(run).forEach((a, size) -> files.add(List.of(a, size + " bytes")));
        section(out, "Artifacts", List.of("PATH", "SIZE"), files);
        section(out, "Models", List.of("PATH", "MODEL ID", "STATUS", "FLAVORS", "SIGNATURE", "REGISTERED"),
                models.stream().map(ModelSummary::row).toList());
        section(out, "Datasets", List.of("NAME", "DIGEST", "CONTEXT", "SOURCE", "SCHEMA", "PROFILE"),
                datasets.stream().map(DatasetSummary::row).toList());
    }

    private static BestDirection bestDirection(Args args) {
        String text = args.option("best-direction", null);
        return text == null ? null : BestDirection.parse(text);
    }

    private static void section(Output out, String title, List<String> headers, List<List<String>> rows) {
        out.line("");
        out.line(title + (rows.isEmpty() ? ": none" : ""));
        if (!rows.isEmpty()) {
            out.table(headers, rows);
        }
    }

    private static List<List<String>> pairs(Map<String, String> map) {
        List<List<String>> rows = new ArrayList<>();
        map.forEach((k, v) -> rows.add(List.of(k, v)));
        return rows;
    }

    private static void compare(Args args, Output out) {
        Store store = Store.open(args, out);
        List<RunSummary> runs = args.positional().stream()
                .map(ref -> RunSummary.read(store.reader(), store.run(ref), bestDirection(args))).toList();
        RunComparison c = RunComparison.of(runs);
        if (out.json()) {
            out.json(c.toJson());
            return;
        }
        List<String> headers = new ArrayList<>(List.of("", "PARAM"));
        runs.forEach(r -> headers.add(r.run().runName()));
        List<List<String>> params = new ArrayList<>();
        c.params().forEach((key, values) -> params.add(row(c.differing().contains(key) ? "*" : "", key, values)));
        out.table(headers, params);
        out.line("");
        headers.set(1, "METRIC");
        List<List<String>> metrics = new ArrayList<>();
        c.finals().forEach((key, values) -> {
            metrics.add(row("", key + " (final)", values));
            metrics.add(row("", key + " (best)", c.bests().get(key)));
        });
        out.table(headers, metrics);
    }

    private static List<String> row(String mark, String key, List<String> values) {
        List<String> row = new ArrayList<>(List.of(mark, key));
        row.addAll(values);
        return row;
    }

    private static void tag(Args args, Output out) throws IOException {
        Store store = Store.open(args, out);
        RunInfo run = store.run(args.positional().get(0));
        List<Tag> tags = new ArrayList<>();
        Map<String, String> printed = new LinkedHashMap<>();
        for (String kv : args.positional().subList(1, args.positional().size())) {
            Map.Entry<String, String> e = Args.keyValue(kv, "a tag");
            tags.add(new Tag(e.getKey(), e.getValue()));
            printed.put(e.getKey(), e.getValue());
        }
        for (Tag t : tags) {
            try {
                LocalStore.checkKey(t.key());
            } catch (IOException e) {
                throw CliException.usage(e.getMessage());
            }
        }
        new LocalStore(store.root()).logBatch(run.runId(), List.of(), List.of(), tags);
        if (out.json()) {
            out.json(Map.of("run_id", run.runId(), "tags", printed));
        } else {
            out.line("tagged " + run.runName() + " (" + run.runId() + "): " + String.join(" ", args.positional()
                    .subList(1, args.positional().size())));
        }
    }

    private static void end(Args args, Output out) throws IOException {
        Store store = Store.open(args, out);
        RunInfo run = store.run(args.positional().get(0));
        RunStatus status = status(args.option("status", "KILLED"));
        if (!status.isTerminal()) {
            throw CliException.usage("status " + status + " does not end a run (accepted: FINISHED, FAILED, KILLED)");
        }
        boolean running = !run.status().isTerminal();
        if (running) {
            new LocalStore(store.root()).endRun(run.runId(), status, System.currentTimeMillis());
        }
        if (out.json()) {
            out.json(Map.of("run_id", run.runId(), "status", running ? status.name() : run.status().name()));
        } else {
            out.line(running ? "ended " + run.runName() + " (" + run.runId() + ") " + status
                    : run.runName() + " (" + run.runId() + ") had ended already: " + run.status());
        }
    }

    private static void lifecycle(Args args, Output out, boolean delete) throws IOException {
        Store store = Store.open(args, out);
        RunInfo run = store.run(args.positional().get(0));
        String wanted = delete ? "deleted" : "active";
        if (!run.lifecycleStage().equals(wanted)) {
            StoreLifecycle lifecycle = new StoreLifecycle(store.root());
            if (delete) {
                lifecycle.deleteRun(run, System.currentTimeMillis());
            } else {
                lifecycle.restoreRun(run);
            }
        }
        if (out.json()) {
            out.json(Map.of("run_id", run.runId(), "lifecycle_stage", wanted));
        } else {
            out.line((delete ? "deleted " : "restored ") + run.runName() + " (" + run.runId() + ")"
                    + (run.lifecycleStage().equals(wanted) ? " (it already was)" : ""));
        }
    }
}
