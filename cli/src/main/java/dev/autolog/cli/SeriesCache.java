package dev.autolog.cli;

import dev.autolog.backend.MetricLines;
import dev.autolog.backend.MetricSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed metric files, kept while a file's size and modification time are unchanged, so a chart of a million points
 * is parsed once, not on every request or refresh. Bounded by the points held (least recently used first out);
 * a file alone over the bound is parsed and not kept. Large files parsed once are read back from a
 * {@link SeriesDiskCache} in a later process.
 */
final class SeriesCache {
    /** About 24 bytes a point, plus x-ordered copies of the rare files not written in step or time order. */
    static final long MAX_POINTS = 4_000_000;

    private record Entry(long size, FileTime modified, MetricSeries series, SortedSeries[] orders) {
    }

    private final long maxPoints;
    /** Null to parse every file afresh in a new process. */
    private final SeriesDiskCache disk;
    final Object parsing = new Object();
    private final Map<Path, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long points;

    SeriesCache(long maxPoints, SeriesDiskCache disk) {
        this.maxPoints = maxPoints;
        this.disk = disk;
    }

    /** The file's series in step ({@code byTime} false) or time order. */
    SortedSeries get(String key, Path file, boolean byTime) throws IOException {
        BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
        Entry e;
        synchronized (this) {
            e = entries.get(file);
        }
        if (!current(e, now)) {
            // one parse at a time: the run page asks for its run and its charts at once, both need the same files
            synchronized (parsing) {
                synchronized (this) {
                    e = entries.get(file);
                }
                if (!current(e, now)) {
                    e = new Entry(now.size(), now.lastModifiedTime(), load(key, file, now), new SortedSeries[2]);
                    put(file, e);
                }
            }
        }
        int mode = byTime ? 1 : 0;
        synchronized (e) {
            if (e.orders()[mode] == null) {
                e.orders()[mode] = SortedSeries.of(e.series(), byTime);
            }
            return e.orders()[mode];
        }
    }

    /** From the disk cache, else parsed up to the size seen (a file grown meanwhile is parsed again next time). */
    private MetricSeries load(String key, Path file, BasicFileAttributes now) throws IOException {
        MetricSeries saved = disk == null ? null : disk.load(key, file, now);
        if (saved != null) {
            return saved;
        }
        MetricSeries parsed = MetricLines.parse(key, file, now.size());
        if (disk != null) {
            disk.saveLater(parsed, file, now);
        }
        return parsed;
    }

    private static boolean current(Entry e, BasicFileAttributes now) {
        return e != null && e.size() == now.size() && e.modified().equals(now.lastModifiedTime());
    }

    private synchronized void put(Path file, Entry e) {
        Entry old = entries.remove(file);
        points -= old == null ? 0 : old.series().size();
        if (e.series().size() > maxPoints) {
            return;
        }
        entries.put(file, e);
        points += e.series().size();
        for (Iterator<Entry> it = entries.values().iterator(); points > maxPoints && it.hasNext(); ) {
            points -= it.next().series().size();
            it.remove();
        }
    }
}
