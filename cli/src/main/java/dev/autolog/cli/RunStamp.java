package dev.autolog.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What tells, in four stats, whether a run directory changed since it was read: the modification time and size of
 * its {@code meta.yaml} and the modification times of its {@code params}, {@code tags} and {@code metrics} folders
 * (a folder's time moves when a file is added, removed or renamed into it, which is how the local store writes
 * params and tags and how a new metric appears). A time within {@link #RACY_MILLIS} of the read is not trusted
 * (a file system's clock ticks coarsely, so a write right after the read could leave the time as it was).
 *
 * @param readAtMillis when the run was read; not part of the comparison
 */
record RunStamp(long meta, long metaSize, long params, long tags, long metrics, long readAtMillis) {
    static final long MISSING = -1;
    static final long RACY_MILLIS = 2000;

    /** The files of a run a value read from it depends on: what a command that reads only some values stats. */
    enum Part {
        /** The run's name, status, times, user and lifecycle stage. */
        META("meta.yaml"),
        PARAMS("params"),
        TAGS("tags"),
        METRICS("metrics");

        final String file;

        Part(String file) {
            this.file = file;
        }
    }

    static RunStamp of(Path runDir, long nowMillis) {
        long[] meta = timeAndSize(runDir.resolve(Part.META.file));
        return new RunStamp(meta[0], meta[1], timeAndSize(runDir.resolve(Part.PARAMS.file))[0],
                timeAndSize(runDir.resolve(Part.TAGS.file))[0], timeAndSize(runDir.resolve(Part.METRICS.file))[0],
                nowMillis);
    }

    /** Modification time in microseconds and size of a file (its link, not its target); missing: -1, -1. */
    static long[] timeAndSize(Path file) {
        long[] out = new long[2];
        timeAndSize(file, out, 0);
        return out;
    }

    /** {@link #timeAndSize(Path)} into {@code out} at {@code at} and the next. */
    private static void timeAndSize(Path file, long[] out, int at) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            out[at] = a.lastModifiedTime().to(TimeUnit.MICROSECONDS);
            out[at + 1] = a.size();
        } catch (IOException | RuntimeException e) {
            out[at] = MISSING;
            out[at + 1] = MISSING;
        }
    }

    /**
     * What a check of an ended run stats: the files of {@code parts} and the files of the metrics {@code metrics}
     * names. A metric's value depends on its file alone, which a writer appends to in place (the {@code metrics}
     * folder's time does not move then), so a command that filters or sorts on a metric stats that file: its time
     * and size show an appended point, a rewrite and a removal, and a file that appears where the run had none.
     */
    record Checked(List<Part> parts, List<String> metrics, List<Path> files) {
        static final Checked ALL = new Checked(EnumSet.allOf(Part.class), Set.of());

        /**
         * In one order, so that stats taken by {@link #stat} line up with the checks of {@link #unchanged}; each
         * file as a path relative to the run's folder (null for a metric key no file can have).
         */
        Checked(Set<Part> parts, Set<String> metrics) {
            this(List.copyOf(EnumSet.copyOf(parts)), metrics.stream().sorted().toList());
        }

        private Checked(List<Part> parts, List<String> metrics) {
            this(parts, metrics, files(parts, metrics));
        }

        private static List<Path> files(List<Part> parts, List<String> metrics) {
            List<Path> files = new ArrayList<>();
            parts.forEach(p -> files.add(Path.of(p.file)));
            for (String key : metrics) {
                try {
                    files.add(Path.of(Part.METRICS.file, key));
                } catch (InvalidPathException e) {
                    files.add(null);
                }
            }
            return Collections.unmodifiableList(files);
        }

        /**
         * Whether these are the checks of {@link #ALL}: compared by hand, since a record's generated equals costs a
         * short command ~20 ms of set-up on first use.
         */
        boolean isAll() {
            return parts.size() == Part.values().length && metrics.isEmpty();
        }

        /** These checks and every metric file of {@code run}: a run a command shows, checked whole. */
        Checked withMetricsOf(IndexedRun run) {
            Set<String> all = new HashSet<>(metrics);
            all.addAll(run.metrics().keySet());
            return new Checked(EnumSet.allOf(Part.class), all);
        }
    }

    /** The time and size of each file {@code checked} names, in its order: what {@link #unchanged} compares. */
    static long[] stat(Path runDir, Checked checked) {
        List<Path> files = checked.files();
        long[] now = new long[2 * files.size()];
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i) == null) {
                now[2 * i] = MISSING;
                now[2 * i + 1] = MISSING;
            } else {
                timeAndSize(runDir.resolve(files.get(i)), now, 2 * i);
            }
        }
        return now;
    }

    /**
     * Whether the files {@code checked} names, as {@link #stat} found them ({@code now}), are as {@code before} saw
     * them, and none changed so close to that read that a change could hide.
     */
    static boolean unchanged(long[] now, IndexedRun before, Checked checked) {
        RunStamp stamp = before.stamp();
        long newest = MISSING;
        List<Part> parts = checked.parts();
        for (int p = 0, i = 0; p < parts.size(); p++, i += 2) {
            if (now[i] != stamp.time(parts.get(p)) || parts.get(p) == Part.META && now[i + 1] != stamp.metaSize) {
                return false;
            }
            newest = Math.max(newest, now[i]);
        }
        List<String> metrics = checked.metrics();
        for (int m = 0, i = 2 * parts.size(); m < metrics.size(); m++, i += 2) {
            IndexedRun.IndexedMetric had = before.metrics().get(metrics.get(m));
            if (had == null ? now[i] != MISSING : now[i] != had.fileTime() || now[i + 1] != had.fileSize()) {
                return false;
            }
            newest = Math.max(newest, now[i]);
        }
        return stamp.readLongAfter(newest);
    }

    private long time(Part part) {
        return switch (part) {
            case META -> meta;
            case PARAMS -> params;
            case TAGS -> tags;
            case METRICS -> metrics;
        };
    }

    boolean hasMeta() {
        return meta != MISSING;
    }

    /** No file changed so close to the read that a later change could leave these times as they are. */
    boolean settled() {
        return readLongAfter(Math.max(Math.max(meta, params), Math.max(tags, metrics)));
    }

    /** Whether this read came more than {@link #RACY_MILLIS} after {@code newestMicros}, a file's time. */
    private boolean readLongAfter(long newestMicros) {
        return newestMicros < TimeUnit.MILLISECONDS.toMicros(readAtMillis - RACY_MILLIS);
    }
}
