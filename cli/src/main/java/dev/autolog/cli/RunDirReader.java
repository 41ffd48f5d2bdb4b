package dev.autolog.cli;

import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.MetricLines;
import dev.autolog.backend.Metric;
import dev.autolog.backend.ConfinedFolder;
import dev.autolog.backend.RunInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads one run directory for the store index, each folder's files opened confined to it ({@link ConfinedFolder}:
 * a file linked out of its folder is not read, even while folders are swapped for links). A param or tag longer than {@link #MAX_TEXT_BYTES} is cut there; a metric file is read in
 * chunks from where the previous reading stopped, so a growing curve costs only its new points and a huge file
 * never needs its size in memory.
 */
final class RunDirReader {
    static final int MAX_TEXT_BYTES = 64 * 1024;

    private RunDirReader() {
    }

    /** Empty when the directory holds no readable run of this experiment. */
    static Optional<IndexedRun> read(Path dir, String experimentId, IndexedRun previous, RunStamp stamp)
            throws IOException {
        Optional<RunInfo> info = LocalStoreReader.readRun(dir, experimentId);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IndexedRun(info.get(), texts(dir.resolve("tags")), texts(dir.resolve("params")),
                metrics(dir, previous, null), stamp));
    }

    /**
     * The stats of each metric of the run in {@code dir} with at least one point, by key, read in chunks: however
     * long its files, a run is summed up in little memory ({@code runs show} of a run of a 3 GiB metric file).
     *
     * @param direction the best value's direction for every metric, null to take each one's from its key
     */
    static Map<String, MetricStats> metricStats(Path dir, BestDirection direction) throws IOException {
        Map<String, MetricStats> out = new TreeMap<>();
        metrics(dir, null, direction).forEach((key, metric) -> out.put(key, metric.stats()));
        return out;
    }

    private static Map<String, IndexedRun.IndexedMetric> metrics(Path dir, IndexedRun previous,
                                                                 BestDirection direction) throws IOException {
        Map<String, IndexedRun.IndexedMetric> metrics = new TreeMap<>();
        Path folder = dir.resolve("metrics");
        try (ConfinedFolder files = ConfinedFolder.of(folder)) {
            for (String key : LocalStoreReader.filesUnder(folder)) {
                IndexedRun.IndexedMetric before = previous == null ? null : previous.metrics().get(key);
                IndexedRun.IndexedMetric now = metric(folder, files, key, before, direction);
                if (now != null) {
                    metrics.put(key, now);
                }
            }
        }
        return metrics;
    }

    private static Map<String, String> texts(Path folder) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (ConfinedFolder files = ConfinedFolder.of(folder)) {
            for (String key : LocalStoreReader.filesUnder(folder)) {
                String text = text(files, key);
                if (text != null) {
                    out.put(key, text);
                }
            }
        }
        return out;
    }

    /** The file's text, cut at {@link #MAX_TEXT_BYTES}; null when it is not a file of the folder. */
    private static String text(ConfinedFolder files, String key) throws IOException {
        try (SeekableByteChannel ch = files.openRegular(key)) {
            if (ch == null) {
                return null;
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), MAX_TEXT_BYTES));
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // fill up to the cap
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        }
    }

    /** Null when the file is not confined or has no complete point yet. */
    private static IndexedRun.IndexedMetric metric(Path folder, ConfinedFolder files, String key,
                                                   IndexedRun.IndexedMetric before, BestDirection direction)
            throws IOException {
        long[] stamp = RunStamp.timeAndSize(folder.resolve(key)); // before the read: a later write moves it
        try (SeekableByteChannel ch = files.openRegular(key)) {
            if (ch == null) {
                return null;
            }
            long size = ch.size();
            if (before != null && size == before.readBytes()) {
                return stamp[0] == before.fileTime() && stamp[1] == before.fileSize() ? before
                        : new IndexedRun.IndexedMetric(stamp[0], stamp[1], before.readBytes(), before.latestTime(),
                        before.stats());
            }
            Points points = size > (before == null ? -1 : before.readBytes()) && before != null
                    ? new Points(key, before, direction) : new Points(key, null, direction);
            ch.position(points.read);
            return points.result(stamp, readLines(ch, size, points));
        }
    }

    /**
     * Adds the complete lines from the channel's position up to {@code size} to {@code points}; answers the file
     * offset after the last of them. Points appended after {@code size} are left to the next reading: a file appended
     * to faster than it is read would otherwise never be read to its end. Only new bytes are scanned, and the
     * unfinished line is kept only up to {@link MetricLines#MAX_LINE_BYTES}: a longer one is no metric line (a file
     * of NUL bytes, one endless line), skipped to its end, never held, as the UI's parser skips it.
     */
    private static long readLines(SeekableByteChannel ch, long size, Points points) throws IOException {
        long at = ch.position();
        // no larger than what is left to read: a store's metric files are mostly small, and a run index reads
        // thousands of them
        byte[] bytes = new byte[(int) Math.max(1, Math.min(2 * MetricLines.MAX_LINE_BYTES, size - at))];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long bufferAt = at;
        int kept = 0;
        boolean overlong = false;
        while (true) {
            buf.limit((int) Math.min(bytes.length, kept + size - (bufferAt + kept))).position(kept);
            int read = buf.hasRemaining() ? ch.read(buf) : 0;
            if (read <= 0) {
                return at;
            }
            int end = kept + read;
            int start = 0;
            for (int i = kept; i < end; i++) {
                if (bytes[i] == '\n') {
                    if (!overlong) {
                        points.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    }
                    overlong = false;
                    start = i + 1;
                    at = bufferAt + start;
                }
            }
            kept = end - start;
            if (kept > MetricLines.MAX_LINE_BYTES) {
                overlong = true;
                kept = 0;
                bufferAt += end;
            } else {
                System.arraycopy(bytes, start, bytes, 0, kept);
                bufferAt += start;
            }
        }
    }

    /** The running stats of one metric file's points. */
    private static final class Points {
        private final String key;
        private final BestDirection direction;
        private final long read;
        private Metric latest;
        private double best = Double.NaN;
        private int count;

        Points(String key, IndexedRun.IndexedMetric before, BestDirection direction) {
            this.key = key;
            this.direction = direction != null ? direction : BestDirection.of(key);
            if (before != null && before.stats() != null) {
                MetricStats s = before.stats();
                latest = new Metric(key, s.latest(), before.latestTime(), s.latestStep());
                best = s.best();
                count = s.count();
            }
            read = before == null ? 0 : before.readBytes();
        }

        void add(String text) {
            Metric m = LocalStoreReader.parseMetric(key, text);
            if (m == null) {
                return;
            }
            count++;
            if (latest == null || m.step() > latest.step() || m.step() == latest.step()
                    && (m.timestampMillis() > latest.timestampMillis() || m.timestampMillis() == latest.timestampMillis()
                    && Double.compare(m.value(), latest.value()) > 0)) {
                latest = m;
            }
            if (!Double.isNaN(m.value()) && (Double.isNaN(best) || direction.isBetter(m.value(), best))) {
                best = m.value();
            }
        }

        IndexedRun.IndexedMetric result(long[] stamp, long readBytes) {
            return latest == null ? null : new IndexedRun.IndexedMetric(stamp[0], stamp[1], readBytes,
                    latest.timestampMillis(),
                    new MetricStats(key, latest.value(), latest.step(), best, direction, count));
        }
    }
}
