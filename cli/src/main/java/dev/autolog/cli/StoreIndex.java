package dev.autolog.cli;

import dev.autolog.backend.ExperimentInfo;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.RunInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The runs of every active experiment with their tags, params and metric stats, kept in memory and brought up to
 * date by {@link #refresh()} without reading what did not change: an experiment's folder is listed again only when
 * its time moved (a run added or removed); each run costs four stats ({@link RunStamp}; for a command that reads
 * only some values, its meta and the files of those values, {@link #refresh(RunStamp.Checked)}) and is read again
 * only when they changed, or always while it is RUNNING (its metric files then by what was appended; an ended run
 * whose files changed is read whole). What a refresh by folders misses: a file of an ended run rewritten in place
 * with its folder's time unchanged (MLflow's {@code set_tag} on a key the run has, or {@code log_metric} on an ended
 * run); and changes inside nested key folders ({@code metrics/a/b}) of an ended run. Those show once
 * {@code meta.yaml} or the folder changes. A command stats the file of each metric it filters or sorts on, and each
 * metric file of a run it shows ({@link #current}), so appended points never miss its answer. A broken run is
 * skipped with one line.
 *
 * <p>{@link #follow} checks the ended, settled runs of a big experiment a slice at a time
 * ({@link #ENDED_RUNS_PER_REFRESH} a refresh, so a change to one shows within a sweep of all slices), and new,
 * RUNNING and just-changed runs on every refresh; {@link #refresh()} checks every run.
 *
 * <p>Readers take {@link #snapshot()}, an immutable view swapped whole by a refresh.
 */
final class StoreIndex {
    /** Folders MLflow keeps beside runs in an experiment that are not runs. */
    private static final Set<String> NOT_RUNS = Set.of("tags", "datasets", "traces", "outputs", "models");

    /** One experiment's runs as last seen, with the listing of its folder and the runs newest first. */
    record ExperimentRuns(String experimentId, long dirTime, long listedAtMillis, List<String> names,
                          Map<String, IndexedRun> byName, List<RunInfo> newestFirst) {
        static ExperimentRuns of(String experimentId, long dirTime, long listedAtMillis, List<String> names,
                                 Map<String, IndexedRun> byName) {
            List<RunInfo> runs = new ArrayList<>(byName.size());
            byName.values().forEach(r -> runs.add(r.run()));
            runs.sort(LocalStoreReader.newestFirst());
            return new ExperimentRuns(experimentId, dirTime, listedAtMillis, names, byName,
                    Collections.unmodifiableList(runs));
        }
    }

    /** Everything a request reads, immutable. */
    record Snapshot(List<ExperimentInfo> experiments, Map<String, ExperimentRuns> byExperiment,
                    List<RunInfo> allNewestFirst) {
        static final Snapshot EMPTY = new Snapshot(List.of(), Map.of(), List.of());

        /** Null when the index has no such run (a run's folder is named by its id, which reading it checks). */
        IndexedRun run(RunInfo r) {
            ExperimentRuns runs = byExperiment.get(r.experimentId());
            IndexedRun indexed = runs == null ? null : runs.byName().get(r.runId());
            return indexed != null && (indexed.run() == r || indexed.run().dir().equals(r.dir())) ? indexed : null;
        }

        List<RunInfo> runs(String experimentId) {
            ExperimentRuns runs = byExperiment.get(experimentId);
            return runs == null ? List.of() : runs.newestFirst();
        }
    }

    /**
     * How many ended runs of an experiment a followed refresh checks: 100,000 runs are swept in 50 refreshes (about a
     * minute), 8,000 {@code lstat}s a refresh.
     */
    static final int ENDED_RUNS_PER_REFRESH = 2_000;

    /** {@code -Dautolog.index.timing=true}: one line per refresh saying where its time went. */
    private static final boolean TIMING = Boolean.getBoolean("autolog.index.timing");

    private final Path root;
    private final AtomicInteger runsRead = new AtomicInteger();
    /** More threads than cores: stats and small reads mostly wait for the file system. */
    private final ForkJoinPool workers = new ForkJoinPool(Math.max(4, 2 * Runtime.getRuntime()
            .availableProcessors()));
    private final LocalStoreReader reader;
    private final IndexCache cache;
    private final Consumer<String> warnings;
    private final long saveIntervalMillis;
    private final Map<String, Long> savedAt = new HashMap<>();
    /** What each experiment's cache file holds, as read or last written by this process. */
    private final Map<String, ExperimentRuns> onDisk = new HashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    /** Counts the refreshes that check a slice of the ended runs: which slice is checked next. */
    private long sweep;
    private final Map<String, Unsettled> unsettled = new HashMap<>();

    /** The runs of an experiment's state that are checked on every refresh. */
    private record Unsettled(ExperimentRuns of, Set<String> names) {
    }

    /**
     * @param cache null to keep the index in memory only
     * @param saveIntervalMillis the least time between two writes of one experiment's cache file (a server
     *                           refreshing every second need not rewrite it every second)
     */
    StoreIndex(Path root, LocalStoreReader reader, IndexCache cache, long saveIntervalMillis,
               Consumer<String> warnings) {
        this.root = root;
        this.reader = reader;
        this.cache = cache;
        this.saveIntervalMillis = saveIntervalMillis;
        this.warnings = warnings;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /**
     * Brings the index up to the files; the first refresh starts from the on-disk cache when there is one, and
     * what changed is written back to it.
     */
    void refresh() {
        refresh(RunStamp.Checked.ALL, Integer.MAX_VALUE);
    }

    /**
     * {@link #refresh()} trusting an ended run's files outside {@code checked} (not stat-ed): for a command that
     * reads only those values of most runs, and takes the others from {@link #current} for the runs it shows.
     */
    void refresh(RunStamp.Checked checked) {
        refresh(checked, Integer.MAX_VALUE);
    }

    /**
     * A refresh that checks, of the ended runs this process has already read and found settled, one slice of at most
     * {@code endedRunsChecked} an experiment, the next slice the next time; every other run is checked.
     */
    void refresh(int endedRunsChecked) {
        refresh(RunStamp.Checked.ALL, endedRunsChecked);
    }

    private synchronized void refresh(RunStamp.Checked checked, int endedRunsChecked) {
        sweep++;
        Snapshot before = snapshot;
        long now = System.currentTimeMillis();
        List<ExperimentInfo> experiments = reader.experiments();
        Map<String, ExperimentRuns> byExperiment = new LinkedHashMap<>();
        boolean changed = !experiments.equals(before.experiments());
        long[] nanos = new long[4];
        nanos[0] = System.nanoTime();
        for (ExperimentInfo e : experiments) {
            ExperimentRuns known = before.byExperiment().get(e.id());
            long t = System.nanoTime();
            ExperimentRuns old = known;
            Prefetched prefetched = null;
            IndexCache.Opened opened = known == null && cache != null ? cache.open(e.id()) : null;
            if (opened != null) {
                // the runs' files are stat-ed while the cache file's runs are decoded: both take long, on their own
                Path dir = root.resolve(e.id());
                Listing listing = listing(dir, opened.dirTime, opened.listedAtMillis, opened.names);
                ForkJoinTask<long[][]> stats = workers.submit(() -> stat(dir, listing.names(), checked));
                old = opened.runs();
                prefetched = old == null ? null : new Prefetched(listing, stats.join());
            }
            nanos[1] += System.nanoTime() - t;
            t = System.nanoTime();
            ExperimentRuns current = refresh(e.id(), old, now, checked, known == null ? Integer.MAX_VALUE
                    : endedRunsChecked, prefetched);
            nanos[2] += System.nanoTime() - t;
            t = System.nanoTime();
            if (opened != null) {
                onDisk.put(e.id(), old);
            }
            if (cache != null && current != old && now - savedAt.getOrDefault(e.id(), 0L) >= saveIntervalMillis
                    && needsSaving(onDisk.get(e.id()), current)) {
                cache.save(current);
                savedAt.put(e.id(), now);
                onDisk.put(e.id(), current);
            }
            nanos[3] += System.nanoTime() - t;
            changed |= current != known;
            byExperiment.put(e.id(), current);
        }
        if (TIMING) {
            warnings.accept(String.format(Locale.ROOT, "run index: %d experiments in %.0f ms: cache files read (and"
                    + " runs stat-ed meanwhile) in %.0f ms, folders listed, stamped and read in %.0f ms (%d runs read),"
                    + " cache written in %.0f ms",
                    experiments.size(), (System.nanoTime() - nanos[0]) / 1e6, nanos[1] / 1e6, nanos[2] / 1e6,
                    runsRead.getAndSet(0), nanos[3] / 1e6));
        }
        if (!changed) {
            return;
        }
        List<RunInfo> all = new ArrayList<>();
        for (ExperimentRuns runs : byExperiment.values()) {
            all.addAll(runs.newestFirst());
        }
        if (byExperiment.size() > 1) {
            all.sort(LocalStoreReader.newestFirst());
        }
        snapshot = new Snapshot(List.copyOf(experiments), byExperiment, Collections.unmodifiableList(all));
    }

    /**
     * Refreshes on a daemon thread for as long as the process lives, pausing {@code minPauseMillis} or three times
     * as long as the last refresh took, whichever is longer, so that following a big store costs at most a quarter
     * of a core; each refresh checks a slice of the ended runs ({@link #ENDED_RUNS_PER_REFRESH}).
     */
    void follow(long minPauseMillis) {
        Thread thread = new Thread(() -> {
            while (true) {
                long start = System.nanoTime();
                try {
                    refresh(ENDED_RUNS_PER_REFRESH);
                } catch (RuntimeException e) {
                    warnOnce(root, "a refresh of the run index failed (" + e + "); the UI shows what it read before");
                }
                long took = (System.nanoTime() - start) / 1_000_000;
                try {
                    Thread.sleep(Math.max(minPauseMillis, 3 * took));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "autolog-ui-index");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Whether an experiment's cache file ({@code old}) is worth writing again: not when the only entries that changed
     * since are of runs RUNNING before and now, whose metric files grew by less than the file holds. A RUNNING run's
     * entry is never trusted without reading its files: every refresh reads it again, its metric files from where the
     * entry's reading stopped, so a process starting from the older entry gives the same answer, at the cost of
     * reading again the points appended since, which is less than writing the file.
     */
    private boolean needsSaving(ExperimentRuns old, ExperimentRuns current) {
        if (old == null || old.dirTime() != current.dirTime() || old.listedAtMillis() != current.listedAtMillis()
                || !old.names().equals(current.names())) {
            return true;
        }
        long grown = 0;
        for (Map.Entry<String, IndexedRun> entry : current.byName().entrySet()) {
            IndexedRun before = old.byName().get(entry.getKey());
            IndexedRun now = entry.getValue();
            if (before == now) {
                continue;
            }
            if (before == null || before.run().status().isTerminal() || now.run().status().isTerminal()) {
                return true;
            }
            grown += readBytes(now) - readBytes(before);
        }
        return grown > cache.size(current.experimentId());
    }

    private static long readBytes(IndexedRun run) {
        return run.metrics().values().stream().mapToLong(IndexedRun.IndexedMetric::readBytes).sum();
    }

    /** An experiment folder's entries: as last listed when its time is as it was then, else listed now. */
    private record Listing(long dirTime, boolean trusted, List<String> names) {
    }

    /** What {@link RunStamp#stat} found for each of a listing's names, taken before the refresh that compares it. */
    private record Prefetched(Listing listing, long[][] stats) {
    }

    private Listing listing(Path dir, long knownDirTime, long listedAtMillis, List<String> knownNames) {
        long dirTime = RunStamp.timeAndSize(dir)[0];
        boolean trusted = knownDirTime == dirTime && dirTime < (listedAtMillis - RunStamp.RACY_MILLIS) * 1000;
        return new Listing(dirTime, trusted, trusted ? knownNames : list(dir));
    }

    private long[][] stat(Path dir, List<String> names, RunStamp.Checked checked) {
        long[][] stats = new long[names.size()][];
        IntStream.range(0, stats.length).parallel().forEach(i -> stats[i] = RunStamp.stat(dir.resolve(names.get(i)),
                checked));
        return stats;
    }

    /** The same object when nothing in the experiment changed (or nothing of what was checked). */
    private ExperimentRuns refresh(String experimentId, ExperimentRuns old, long now, RunStamp.Checked checked,
            int endedRunsChecked, Prefetched prefetched) {
        Path dir = root.resolve(experimentId);
        Listing listing = prefetched != null ? prefetched.listing()
                : old != null ? listing(dir, old.dirTime(), old.listedAtMillis(), old.names())
                : new Listing(RunStamp.timeAndSize(dir)[0], false, list(dir));
        long dirTime = listing.dirTime();
        boolean listingTrusted = listing.trusted();
        List<String> names = listing.names();
        Map<String, IndexedRun> previous = old == null ? Map.of() : old.byName();
        int slices = (int) Math.max(1, (names.size() + (long) endedRunsChecked - 1) / endedRunsChecked);
        int slice = (int) (sweep % slices);
        List<String> due = slices == 1 ? names : new ArrayList<>();
        if (slices > 1 && listingTrusted) {
            Set<String> unsettled = unsettled(old);
            due.addAll(unsettled);
            for (int i = slice; i < names.size(); i += slices) {
                if (!unsettled.contains(names.get(i))) {
                    due.add(names.get(i));
                }
            }
        } else if (slices > 1) {
            for (int i = 0; i < names.size(); i++) {
                IndexedRun prev = previous.get(names.get(i));
                if (prev == null || !settled(prev) || i % slices == slice) {
                    due.add(names.get(i));
                }
            }
        }
        long[][] stats = prefetched != null && due == names ? prefetched.stats() : null;
        Map<String, Optional<IndexedRun>> changed = new ConcurrentHashMap<>();
        workers.submit(() -> IntStream.range(0, due.size()).parallel().forEach(i -> {
            String name = due.get(i);
            IndexedRun prev = previous.get(name);
            // most runs of a big store are unchanged: no path is built for them
            IndexedRun run = stats == null ? refreshRun(dir.resolve(name), experimentId, prev, now, checked)
                    : unchangedEnded(prev, stats[i], checked) ? prev : read(dir.resolve(name), experimentId, prev, now);
            if (run != prev) {
                changed.put(name, Optional.ofNullable(run));
            }
        })).join();
        if (listingTrusted && changed.isEmpty()) {
            return old;
        }
        Map<String, IndexedRun> runs = new HashMap<>();
        for (String name : names) {
            IndexedRun run = changed.getOrDefault(name, Optional.ofNullable(previous.get(name))).orElse(null);
            if (run != null) {
                runs.put(name, run);
            }
        }
        return ExperimentRuns.of(experimentId, dirTime, listingTrusted ? old.listedAtMillis() : now, names,
                Map.copyOf(runs));
    }

    /**
     * The run as its files hold it now, its meta, folders and every metric file stat-ed: {@code run} itself when
     * unchanged, else read again (not kept in the index); {@code run} too when it can no longer be read.
     */
    IndexedRun current(IndexedRun run) {
        IndexedRun now = refreshRun(run.run().dir(), run.run().experimentId(), run, System.currentTimeMillis(),
                RunStamp.Checked.ALL.withMetricsOf(run));
        return now == null ? run : now;
    }

    /**
     * The entries of {@code runs} that every refresh checks, as they may change unseen by a slower sweep: runs not
     * ended, or read so soon after a change that a later one could leave their times as they are, and entries not
     * (yet) readable as a run. Worked out once for each state of an experiment, so that a refresh that finds nothing
     * changed costs its slice, not a pass over all runs.
     */
    private Set<String> unsettled(ExperimentRuns runs) {
        Unsettled known = unsettled.get(runs.experimentId());
        if (known != null && known.of() == runs) {
            return known.names();
        }
        Set<String> names = new HashSet<>();
        for (String name : runs.names()) {
            IndexedRun run = runs.byName().get(name);
            if (run == null || !settled(run)) {
                names.add(name);
            }
        }
        unsettled.put(runs.experimentId(), new Unsettled(runs, Set.copyOf(names)));
        return unsettled.get(runs.experimentId()).names();
    }

    private static boolean settled(IndexedRun run) {
        return run.run().status().isTerminal() && run.stamp().settled();
    }

    /** {@code prev} itself when it is still what the files hold; null when the directory holds no readable run. */
    private IndexedRun refreshRun(Path dir, String experimentId, IndexedRun prev, long now,
                                  RunStamp.Checked checked) {
        return unchangedEnded(prev, RunStamp.stat(dir, checked), checked) ? prev : read(dir, experimentId, prev, now);
    }

    /**
     * The run as its files hold it now, read because {@code prev} (null if none) may differ: {@code prev} itself when
     * a live run's values did not change; null when the directory holds no readable run.
     */
    private IndexedRun read(Path dir, String experimentId, IndexedRun prev, long now) {
        RunStamp stamp = RunStamp.of(dir, now);
        if (!stamp.hasMeta() && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return null; // a file beside the runs
        }
        try {
            runsRead.incrementAndGet();
            // a live run's writer appends points; an ended run's files that changed may have been replaced whole
            boolean live = prev != null && !prev.run().status().isTerminal();
            Optional<IndexedRun> run = RunDirReader.read(dir, experimentId, live ? prev : null, stamp);
            if (run.isPresent()) {
                warned.remove(dir.toString());
                return live && prev.sameValues(run.get()) ? prev : run.get();
            }
            warnOnce(dir, Objects.requireNonNullElse(LocalStoreReader.whyNotARun(dir, experimentId),
                    "its meta.yaml changed while it was read"));
        } catch (IOException | RuntimeException e) {
            warnOnce(dir, "unreadable (" + e + ")");
        }
        return null;
    }

    /** Whether {@code prev} is an ended run whose files {@link RunStamp#stat} found ({@code stats}) as it saw them. */
    private static boolean unchangedEnded(IndexedRun prev, long[] stats, RunStamp.Checked checked) {
        return prev != null && prev.run().status().isTerminal() && RunStamp.unchanged(stats, prev, checked);
    }

    private void warnOnce(Path dir, String why) {
        if (warned.add(dir.toString())) {
            warnings.accept("skipped " + dir + ": " + why);
        }
    }

    /** The entries that may be runs, sorted; files among them are told apart by their stamp. */
    private List<String> list(Path dir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && !name.equals("meta.yaml") && !NOT_RUNS.contains(name)) {
                    names.add(name);
                }
            }
        } catch (IOException | RuntimeException e) {
            warnOnce(dir, "cannot list it (" + e + ")");
        }
        Collections.sort(names);
        return List.copyOf(names);
    }
}
