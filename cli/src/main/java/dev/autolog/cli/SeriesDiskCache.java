package dev.autolog.cli;

import dev.autolog.backend.MetricSeries;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Large metric files as parsed, on disk, so that a UI started again reads a million points instead of parsing them:
 * in the user's cache directory ({@link IndexCache#userCacheDir()}) under {@code series/<hash of the file's path>},
 * the file's path, size and modification time, then its steps, times and values as raw little-endian longs and
 * doubles (exact: the very bits parsed). Used only while the metric file's size and time are those recorded and the
 * checksum matches; one that cannot be read is said once and replaced. Written only for a file of at least
 * {@link #MIN_POINTS} points left unchanged for {@link #QUIET_MILLIS} (one being written would be rewritten on every
 * change), a little after it was parsed so as not to slow the answer that parsed it, whole to a temporary file then
 * renamed; the least recently used leave when the files hold more than {@link #MAX_BYTES}.
 */
final class SeriesDiskCache {
    static final int MIN_POINTS = 100_000;
    static final long QUIET_MILLIS = 10_000;
    static final long MAX_BYTES = 2L << 30;
    private static final int MAGIC = 0x53534c41; // "ALSS" little-endian
    private static final int VERSION = 1;
    private static final int MAX_PATH_BYTES = 16 * 1024;
    /** Magic, version, checksum, then the checked rest. */
    private static final int CHECKED_FROM = 2 * Integer.BYTES + Long.BYTES;
    private static final int CHUNK = 1 << 20;
    private static final long SAVE_DELAY_MILLIS = 2_000;

    private final Path dir;
    private final Consumer<String> warnings;
    private final Set<Path> warned = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor saving = new ScheduledThreadPoolExecutor(1, work -> {
        Thread t = new Thread(work, "autolog-ui-series-save");
        t.setDaemon(true);
        return t;
    });

    SeriesDiskCache(Path cacheDir, Consumer<String> warnings) {
        this.dir = cacheDir.resolve("series");
        this.warnings = warnings;
    }

    Path file(Path metricFile) {
        return dir.resolve(IndexCache.hash(metricFile.toString()) + ".bin");
    }

    /** The series recorded for the metric file as it is now ({@code now}), or null. */
    MetricSeries load(String key, Path metricFile, BasicFileAttributes now) {
        Path file = file(metricFile);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(in.size(), CHECKED_FROM + 4 + MAX_PATH_BYTES + 20))
                    .order(ByteOrder.LITTLE_ENDIAN);
            fill(in, head, 0);
            if (head.getInt() != MAGIC || head.getInt() != VERSION) {
                throw new IOException("not a series cache file of this version");
            }
            long checksum = head.getLong();
            int pathBytes = head.getInt();
            if (pathBytes < 0 || pathBytes > MAX_PATH_BYTES || head.remaining() < pathBytes + 20) {
                throw new IOException("its header is cut");
            }
            byte[] path = new byte[pathBytes];
            head.get(path);
            if (!new String(path, StandardCharsets.UTF_8).equals(metricFile.toString()) || head.getLong() != now.size()
                    || head.getLong() != nanos(now.lastModifiedTime())) {
                return null; // another file of the same hash, or the metric file changed since
            }
            int count = head.getInt();
            long data = head.position();
            if (count < 0 || in.size() != data + 24L * count) {
                throw new IOException("its length does not match its " + count + " points");
            }
            CRC32C crc = new CRC32C();
            crc.update(head.flip().position(CHECKED_FROM));
            long[] steps = new long[count];
            long[] times = new long[count];
            double[] values = new double[count];
            data = read(in, data, count, crc, (b, at, n) -> b.asLongBuffer().get(steps, at, n));
            data = read(in, data, count, crc, (b, at, n) -> b.asLongBuffer().get(times, at, n));
            read(in, data, count, crc, (b, at, n) -> b.asDoubleBuffer().get(values, at, n));
            if (crc.getValue() != checksum) {
                throw new IOException("its checksum does not match");
            }
            touch(file);
            return MetricSeries.of(key, steps, times, values);
        } catch (IOException | RuntimeException e) {
            if (warned.add(file)) {
                warnings.accept("the parsed-series cache " + file + " is unreadable (" + e.getMessage()
                        + "); the metric file is parsed and the cache written again");
            }
            return null;
        }
    }

    /** Records the series parsed from the metric file as it was ({@code seen}) soon, when it is large and quiet. */
    void saveLater(MetricSeries series, Path metricFile, BasicFileAttributes seen) {
        long age = System.currentTimeMillis() - seen.lastModifiedTime().toMillis();
        if (series.size() >= MIN_POINTS && age >= QUIET_MILLIS) {
            saving.schedule(() -> save(series, metricFile, seen), SAVE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    void save(MetricSeries series, Path metricFile, BasicFileAttributes seen) {
        Path target = file(metricFile);
        try {
            CacheFiles.replace(target, tmp -> write(tmp, series, metricFile, seen));
            warned.remove(target);
            evict();
        } catch (IOException | RuntimeException e) {
            if (warned.add(dir)) {
                warnings.accept("cannot write the parsed-series cache in " + dir + " (" + e.getMessage()
                        + "); large metric files are parsed on every UI start");
            }
        }
    }

    private static void write(Path tmp, MetricSeries series, Path metricFile, BasicFileAttributes seen)
            throws IOException {
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] path = metricFile.toString().getBytes(StandardCharsets.UTF_8);
            ByteBuffer head = ByteBuffer.allocate(CHECKED_FROM + 4 + path.length + 20).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(MAGIC).putInt(VERSION).putLong(0).putInt(path.length).put(path).putLong(seen.size())
                    .putLong(nanos(seen.lastModifiedTime())).putInt(series.size()).flip();
            CRC32C crc = new CRC32C();
            crc.update(head.duplicate().position(CHECKED_FROM));
            while (head.hasRemaining()) {
                out.write(head);
            }
            for (Object array : List.of(series.steps(), series.times(), series.values())) {
                write(out, series.size(), crc, (b, at, n) -> {
                    if (array instanceof long[] longs) {
                        b.asLongBuffer().put(longs, at, n);
                    } else {
                        b.asDoubleBuffer().put((double[]) array, at, n);
                    }
                });
            }
            out.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, crc.getValue()),
                    CHECKED_FROM - Long.BYTES);
        }
    }

    /** The least recently used files out while all of them hold more than MAX_BYTES. */
    private void evict() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(p -> p.getFileName().toString().endsWith(".bin"))
                    .sorted(Comparator.comparing(SeriesDiskCache::modified).reversed()).toList();
        }
        long kept = 0;
        for (Path p : files) {
            kept += Files.size(p);
            if (kept > MAX_BYTES) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Marks the file recently used, for eviction; a read-only cache is still read. */
    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // evicted a little early, if ever
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    /** Copies between a chunk of the file and an array: {@code n} elements from element {@code at}. */
    private interface Copy {
        void run(ByteBuffer chunk, int at, int n);
    }

    /** Reads {@code count} 8-byte elements from {@code position} through {@code copy}; answers where they end. */
    private static long read(FileChannel in, long position, int count, CRC32C crc, Copy copy) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < count; ) {
            int n = Math.min(count - at, CHUNK / 8);
            chunk.clear().limit(8 * n);
            fill(in, chunk, position);
            position += 8L * n;
            crc.update(chunk.duplicate());
            copy.run(chunk, at, n);
            at += n;
        }
        return position;
    }

    private static void write(FileChannel out, int count, CRC32C crc, Copy copy) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < count; ) {
            int n = Math.min(count - at, CHUNK / 8);
            chunk.clear().limit(8 * n);
            copy.run(chunk, at, n);
            crc.update(chunk.duplicate());
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            at += n;
        }
    }

    private static void fill(FileChannel in, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            if (in.read(b, position + b.position()) < 0) {
                throw new IOException("it is shorter than its header says");
            }
        }
        b.flip();
    }
}
