package dev.autolog.cli;

import dev.autolog.backend.ExperimentInfo;
import dev.autolog.backend.RunInfo;
import dev.autolog.backend.StoreLifecycle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code experiments list|rename|delete|restore}. */
public final class ExperimentsCommand {
    private ExperimentsCommand() {
    }

    public static Command command() {
        return new CommandGroup("experiments", List.of(
                new Subcommand("list", "experiments list [--all]",
                        "Experiments by id: name, runs, the newest run's start.\n"
                                + "  --all  include deleted experiments (in the store's .trash)",
                        Set.of(), Set.of("all"), 0, 0, ExperimentsCommand::list),
                new Subcommand("rename", "experiments rename <experiment> <new-name>",
                        "Renames an experiment (given by id or name).", Set.of(), Set.of(), 2, 2,
                        ExperimentsCommand::rename),
                new Subcommand("delete", "experiments delete <experiment>",
                        "Deletes an experiment the way MLflow does: marked deleted and moved to .trash;"
                                + " 'experiments restore' brings it back.", Set.of(), Set.of(), 1, 1,
                        ExperimentsCommand::delete),
                new Subcommand("restore", "experiments restore <experiment>",
                        "Restores a deleted experiment from .trash.", Set.of(), Set.of(), 1, 1,
                        ExperimentsCommand::restore)));
    }

    private static void list(Args args, Output out) {
        Store store = Store.open(args, out);
        List<Map.Entry<ExperimentInfo, List<RunInfo>>> experiments = new ArrayList<>();
        store.experiments().forEach(e -> experiments.add(Map.entry(e, store.runs(e))));
        if (args.flag("all")) { // MLflow moves a deleted experiment's folder, runs and all, to .trash
            store.deletedExperiments().forEach(e -> experiments.add(Map.entry(e, store.deletedRuns(e))));
        }
        List<Map<String, Object>> json = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<ExperimentInfo, List<RunInfo>> entry : experiments) {
            ExperimentInfo e = entry.getKey();
            List<RunInfo> runs = entry.getValue();
            long active = runs.stream().filter(r -> r.lifecycleStage().equals("active")).count();
            String newest = runs.isEmpty() ? "" : Formats.time(runs.get(0).startTime());
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("experiment_id", e.id());
            j.put("name", e.name());
            j.put("lifecycle_stage", e.lifecycleStage());
            j.put("runs", active);
            j.put("artifact_location", e.artifactLocation());
            json.add(j);
            rows.add(List.of(e.id(), e.name(), e.lifecycleStage(), Long.toString(active), newest));
        }
        if (out.json()) {
            out.json(json);
        } else {
            out.table(List.of("ID", "NAME", "STAGE", "RUNS", "LAST RUN"), rows);
        }
    }

    private static void rename(Args args, Output out) throws IOException {
        Store store = Store.open(args, out);
        ExperimentInfo e = store.experiment(args.positional().get(0));
        String name = args.positional().get(1);
        if (name.isBlank()) {
            throw CliException.usage("the new name is empty");
        }
        if (store.experiments().stream().anyMatch(other -> other.name().equals(name) && !other.id().equals(e.id()))) {
            throw CliException.usage("an experiment named '" + name + "' exists already");
        }
        new StoreLifecycle(store.root()).renameExperiment(e.id(), name, System.currentTimeMillis());
        done(out, e.id(), name, "renamed '" + e.name() + "' (" + e.id() + ") to '" + name + "'");
    }

    private static void delete(Args args, Output out) throws IOException {
        Store store = Store.open(args, out);
        ExperimentInfo e = store.experiment(args.positional().get(0));
        new StoreLifecycle(store.root()).deleteExperiment(e.id(), System.currentTimeMillis());
        done(out, e.id(), e.name(), "deleted '" + e.name() + "' (" + e.id() + "); 'experiments restore " + e.id()
                + "' brings it back");
    }

    private static void restore(Args args, Output out) throws IOException {
        Store store = Store.open(args, out);
        ExperimentInfo e = store.deletedExperiment(args.positional().get(0));
        if (store.experiments().stream().anyMatch(other -> other.name().equals(e.name()))) {
            throw CliException.usage("an active experiment is named '" + e.name() + "'; rename it first");
        }
        new StoreLifecycle(store.root()).restoreExperiment(e.id(), System.currentTimeMillis());
        done(out, e.id(), e.name(), "restored '" + e.name() + "' (" + e.id() + ")");
    }

    private static void done(Output out, String id, String name, String text) {
        if (out.json()) {
            out.json(Map.of("experiment_id", id, "name", name));
        } else {
            out.line(text);
        }
    }
}
