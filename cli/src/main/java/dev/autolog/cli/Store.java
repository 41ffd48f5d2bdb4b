package dev.autolog.cli;

import dev.autolog.backend.Backends;
import dev.autolog.backend.BoundedFiles;
import dev.autolog.backend.ExperimentInfo;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.RunInfo;
import dev.autolog.backend.StoreLifecycle;
import dev.autolog.config.AutologConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The local store a command works on, and the lookups every command shares: experiments by id or name, runs by
 * id, name or {@code last}. Directories without a readable {@code meta.yaml} are reported once each, not fatal.
 */
final class Store {
    /** Folders MLflow keeps beside experiments and runs that are not experiments or runs. */
    private static final Set<String> NOT_ENTITIES = Set.of("models", "tags", "datasets", "traces", "outputs");

    /** The shortest run id prefix accepted, and the length {@code runs list} shows. */
    static final int ID_PREFIX = 8;

    static String shortId(String runId) {
        return runId.substring(0, Math.min(ID_PREFIX, runId.length()));
    }

    private final Path root;
    private final LocalStoreReader reader;
    private final LocalStoreReader trash;
    private final Path trashRoot;
    private final Consumer<String> warnings;
    private final Set<Path> warned = ConcurrentHashMap.newKeySet(); // UI requests read the store concurrently
    /** Null unless {@link #indexed} was asked for. */
    private StoreIndex index;
    /** The index trusted some files of the runs it did not show: each run shown is checked whole first. */
    private boolean checkShownRuns;

    Store(Path root, Consumer<String> warnings) {
        this.root = root.toAbsolutePath().normalize();
        this.reader = new LocalStoreReader(this.root);
        this.trashRoot = this.root.resolve(StoreLifecycle.TRASH);
        this.trash = new LocalStoreReader(trashRoot);
        this.warnings = warnings;
    }

    /** The store named by {@code --store}, else by the tracking URI configuration; it must exist. */
    static Store open(Args args, Output out) {
        String uri = args.option("store", null);
        String source = "--store";
        if (uri == null) {
            uri = AutologConfig.load(null).trackingUri();
            source = "the tracking URI";
        }
        Path dir = Backends.localPath(uri);
        if (dir == null) {
            throw CliException.usage(source + " " + uri + " is not a local store (accepted: a directory or a file: URI;"
                    + " pass --store <dir>)");
        }
        if (!Files.isDirectory(dir)) {
            throw CliException.notFound("no store at " + dir.toAbsolutePath().normalize() + " (pass --store <dir>, or"
                    + " set -Dautolog.tracking.uri or MLFLOW_TRACKING_URI)");
        }
        return new Store(dir, new SkippedNotes(out::note));
    }

    /**
     * This store answering its experiments, runs and their values from a {@link StoreIndex} brought up to date now
     * (from the on-disk cache when there is one): for commands that read every run.
     *
     * @param saveIntervalMillis the least time between two writes of an experiment's cache file
     */
    Store indexed(long saveIntervalMillis) {
        return indexed(saveIntervalMillis, RunStamp.Checked.ALL);
    }

    /**
     * {@link #indexed(long)} stat-ing only the files {@code checked} of each ended run: those holding what the command
     * filters and sorts on. The runs it shows ({@link #latest}, {@link #shownValues}) are then checked whole.
     */
    Store indexed(long saveIntervalMillis, RunStamp.Checked checked) {
        index = new StoreIndex(root, reader, new IndexCache(IndexCache.userCacheDir(), root, warnings),
                saveIntervalMillis, warnings);
        index.refresh(checked);
        checkShownRuns = !checked.isAll();
        return this;
    }

    /** The index of {@link #indexed}, or null. */
    StoreIndex index() {
        return index;
    }

    Consumer<String> warnings() {
        return warnings;
    }

    Path root() {
        return root;
    }

    LocalStoreReader reader() {
        return reader;
    }

    LocalStoreReader readerFor(RunInfo run) {
        return run.dir().startsWith(trashRoot) ? trash : reader;
    }

    List<ExperimentInfo> experiments() {
        List<ExperimentInfo> all = index != null ? index.snapshot().experiments() : reader.experiments();
        warnUnreadable(root, all.stream().map(ExperimentInfo::id).collect(Collectors.toSet()),
                dir -> "no readable meta.yaml (missing, malformed or being written)");
        return all;
    }

    List<ExperimentInfo> deletedExperiments() {
        return trash.experiments();
    }

    ExperimentInfo experiment(String ref) {
        return find(experiments(), ref).orElseThrow(() -> CliException.notFound("no experiment '" + ref + "' in "
                + root + " (give an id or a name; see 'experiments list')"));
    }

    ExperimentInfo deletedExperiment(String ref) {
        return find(deletedExperiments(), ref).orElseThrow(() -> CliException.notFound("no deleted experiment '" + ref
                + "' in " + root.resolve(StoreLifecycle.TRASH) + " (see 'experiments list --all')"));
    }

    private static Optional<ExperimentInfo> find(List<ExperimentInfo> experiments, String ref) {
        return experiments.stream().filter(e -> e.id().equals(ref)).findFirst()
                .or(() -> experiments.stream().filter(e -> e.name().equals(ref)).findFirst());
    }

    List<RunInfo> runs(ExperimentInfo experiment) {
        if (index != null) {
            return index.snapshot().runs(experiment.id());
        }
        List<RunInfo> runs = reader.runsInParallel(experiment.id());
        warnUnreadable(root.resolve(experiment.id()), runs.stream().map(RunInfo::runId).collect(Collectors.toSet()),
                dir -> Objects.requireNonNullElse(LocalStoreReader.whyNotARun(dir, experiment.id()),
                        "its meta.yaml changed while it was read"));
        return runs;
    }

    /** The runs of a deleted experiment, in its folder in the store's .trash. */
    List<RunInfo> deletedRuns(ExperimentInfo experiment) {
        return trash.runsInParallel(experiment.id());
    }

    /** Runs of all active experiments, newest first. */
    List<RunInfo> allRuns() {
        if (index != null) {
            return index.snapshot().allNewestFirst();
        }
        List<RunInfo> all = new ArrayList<>();
        experiments().forEach(e -> all.addAll(runs(e)));
        all.sort(LocalStoreReader.newestFirst());
        return all;
    }

    /**
     * A run by id, by name (the newest of that name), by a unique id prefix or {@code last} (the active run started
     * last, also among runs started in the same millisecond).
     */
    RunInfo run(String ref) {
        if (ref.equals("last")) {
            return allRuns().stream().filter(r -> r.lifecycleStage().equals("active")).findFirst()
                    .orElseThrow(() -> CliException.notFound("no runs in " + root));
        }
        Optional<RunInfo> byId = reader.run(ref);
        if (byId.isPresent()) {
            return byId.get();
        }
        List<RunInfo> all = allRuns();
        Optional<RunInfo> byName = all.stream().filter(r -> r.runName().equals(ref)).findFirst();
        if (byName.isPresent()) {
            return byName.get();
        }
        List<RunInfo> byPrefix = ref.length() < ID_PREFIX ? List.of()
                : all.stream().filter(r -> r.runId().startsWith(ref)).toList();
        if (byPrefix.size() > 1) {
            throw CliException.usage("run id prefix '" + ref + "' is ambiguous: " + byPrefix.size()
                    + " runs start with it; give more characters");
        }
        return byPrefix.stream().findFirst().orElseThrow(() -> CliException.notFound("no run '" + ref + "' in " + root
                + " (give a run id or its first " + ID_PREFIX + "+ characters, a run name or 'last';"
                + " see 'runs list')"));
    }

    /** The run's values as a search reads them: from the index when there is one, else from its files. */
    StoreRunValues values(RunInfo run) {
        return values(run, false);
    }

    /** The values of a run a command shows: as {@link #values}, every file of the run checked. */
    StoreRunValues shownValues(RunInfo run) {
        return values(run, true);
    }

    private StoreRunValues values(RunInfo run, boolean shown) {
        IndexedRun indexed = indexed(run, shown);
        // the index holds the active experiments' runs only, never those in the trash
        return indexed != null ? new StoreRunValues(indexed, reader) : new StoreRunValues(run, readerFor(run));
    }

    /** A row of a runs table: from the index when there is one, else read from the run's files. */
    RunSummary latest(RunInfo run) {
        IndexedRun indexed = indexed(run, true);
        return indexed != null ? indexed.summary() : RunSummary.readLatest(readerFor(run), run);
    }

    /** The run's entry in the index, checked against its files first when shown; null when none. */
    private IndexedRun indexed(RunInfo run, boolean shown) {
        IndexedRun indexed = index == null ? null : index.snapshot().run(run);
        return indexed != null && shown && checkShownRuns ? index.current(indexed) : indexed;
    }

    /** Each artifact file inside the run's artifacts (no symbolic link out of them) with its size, by path. */
    Map<String, Long> artifactSizes(RunInfo run) throws IOException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String a : reader.artifacts(run.runId())) {
            try (SeekableByteChannel file = reader.openArtifact(run, a).orElse(null)) {
                if (file != null) {
                    sizes.put(a, file.size());
                }
            } catch (BoundedFiles.UnreadableFileException notAFile) {
                // listed only when a regular file: a FIFO swapped in since the listing is left out
            }
        }
        return sizes;
    }

    /** Checked by name before the (slower) file-system check. */
    private static boolean isCandidate(String name, Set<String> read) {
        return !name.startsWith(".") && !name.equals("meta.yaml") && !NOT_ENTITIES.contains(name)
                && !read.contains(name);
    }

    private void warnUnreadable(Path dir, Set<String> read, Function<Path, String> why) {
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> isCandidate(p.getFileName().toString(), read) && Files.isDirectory(p)).sorted()
                    .filter(warned::add).forEach(skipped -> warnings.accept("skipped " + skipped + ": "
                            + why.apply(skipped)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
