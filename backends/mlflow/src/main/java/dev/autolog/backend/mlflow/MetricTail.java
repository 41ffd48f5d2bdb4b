package dev.autolog.backend.mlflow;

import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The points appended to a local-store metric file since a byte offset. Only complete lines count: the writer
 * may be appending right now. Each point carries the offset just after its line, so sending part of a tail
 * moves the cursor exactly that far.
 */
final class MetricTail {
    /** At most this many bytes per read, so a huge backlog is shipped in slices. */
    static final int MAX_READ = 4 << 20;

    record Point(Metric metric, long endOffset) {
    }

    private MetricTail() {
    }

    static List<Point> read(Path file, String key, long offset) throws IOException {
        return read(file, key, offset, false);
    }

    /**
     * With {@code modelLines}, the lines of a LoggedModel's metric file, {@code <timestamp> <value> <step> <run id>}
     * (plus a dataset name and digest): the fields after the step are left out.
     */
    static List<Point> read(Path file, String key, long offset, boolean modelLines) throws IOException {
        List<Point> out = new ArrayList<>();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            if (length <= offset) {
                return out;
            }
            byte[] buf = new byte[(int) Math.min(length - offset, MAX_READ)];
            f.seek(offset);
            f.readFully(buf);
            int start = 0;
            for (int i = 0; i < buf.length; i++) {
                if (buf[i] == '\n') {
                    Metric m = parse(key, buf, start, modelLines ? endOfStep(buf, start, i) : i);
                    if (m != null) {
                        out.add(new Point(m, offset + i + 1));
                    }
                    start = i + 1;
                }
            }
        }
        return out;
    }

    /** How many complete lines follow {@code offset}: the points not yet sent. */
    static long countAfter(Path file, long offset) throws IOException {
        long n = 0;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] buf = new byte[64 << 10];
            f.seek(offset);
            for (int read = f.read(buf); read > 0; read = f.read(buf)) {
                for (int i = 0; i < read; i++) {
                    n += buf[i] == '\n' ? 1 : 0;
                }
            }
        }
        return n;
    }

    /**
     * The line {@code <timestamp> <value> [<step>]} in {@code buf[from, to)}, parsed without building strings for
     * the numbers that are plain digits (the shipper's hot loop); anything unusual goes to the store's own parser.
     */
    static Metric parse(String key, byte[] buf, int from, int to) {
        int s1 = indexOf(buf, from, to);
        int s2 = s1 < 0 ? -1 : indexOf(buf, s1 + 1, to);
        long timestamp = s1 < 0 ? -1 : digits(buf, from, s1);
        long step = s2 < 0 ? 0 : digits(buf, s2 + 1, to);
        if (timestamp < 0 || step < 0 || s1 + 1 >= (s2 < 0 ? to : s2)) {
            return LocalStoreReader.parseMetric(key, new String(buf, from, to - from, StandardCharsets.UTF_8));
        }
        try {
            String value = new String(buf, s1 + 1, (s2 < 0 ? to : s2) - s1 - 1, StandardCharsets.ISO_8859_1);
            return new Metric(key, Double.parseDouble(value), timestamp, step);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Where the third field of {@code buf[from, to)} ends. */
    private static int endOfStep(byte[] buf, int from, int to) {
        int spaces = 0;
        for (int i = from; i < to; i++) {
            if (buf[i] == ' ' && ++spaces == 3) {
                return i;
            }
        }
        return to;
    }

    private static int indexOf(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == ' ') {
                return i;
            }
        }
        return -1;
    }

    /** The non-negative decimal in {@code buf[from, to)}, or -1 when it is not 1 to 18 plain digits. */
    private static long digits(byte[] buf, int from, int to) {
        if (to <= from || to - from > 18) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }
}
