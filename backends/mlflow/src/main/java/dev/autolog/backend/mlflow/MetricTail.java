package dev.autolog.backend.mlflow;

import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.logging.Diagnostics;
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
    private static final String VALUE = "\"value\":";
    private static final String TIMESTAMP = ",\"timestamp\":";
    private static final String STEP = ",\"step\":";
    private static final byte[] VALUE_BYTES = VALUE.getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] TIMESTAMP_BYTES = TIMESTAMP.getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] STEP_BYTES = STEP.getBytes(StandardCharsets.ISO_8859_1);

    /**
     * One point as a {@code log-batch} body carries it: its key, and {@code json}, the fields after the key
     * ({@code "value":0.5,"timestamp":1700000000000,"step":3}). The numbers are the spool's own text wherever it is
     * already JSON, so a point's value is neither parsed nor formatted again on its way to the server.
     */
    record Point(String key, String json, long endOffset) {
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
            offset = lineStart(f, file, offset);
            if (length <= offset) {
                return out;
            }
            byte[] buf = new byte[(int) Math.min(length - offset, MAX_READ)];
            f.seek(offset);
            f.readFully(buf);
            int start = 0;
            for (int i = 0; i < buf.length; i++) {
                if (buf[i] == '\n') {
                    Point p = parse(key, buf, start, modelLines ? endOfStep(buf, start, i) : i, offset + i + 1);
                    if (p != null) {
                        out.add(p);
                    }
                    start = i + 1;
                }
            }
        }
        return out;
    }

    /**
     * {@code offset}, or 0 when the file is not the one it was taken in: a file shorter than it, or one whose byte
     * before it does not end a line, was written anew since (its run's folder vanished and was written again), and
     * reading it from there would take a line from its middle.
     */
    private static long lineStart(RandomAccessFile f, Path file, long offset) throws IOException {
        if (offset <= 0) {
            return 0;
        }
        if (f.length() >= offset) {
            f.seek(offset - 1);
            if (f.read() == '\n') {
                return offset;
            }
        }
        Diagnostics.debug(file + " is not the file its sent offset " + offset + " was taken in; read from its start");
        return 0;
    }

    /** How many complete lines follow {@code offset}: the points not yet sent. */
    static long countAfter(Path file, long offset) throws IOException {
        long n = 0;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] buf = new byte[64 << 10];
            f.seek(lineStart(f, file, offset));
            for (int read = f.read(buf); read > 0; read = f.read(buf)) {
                for (int i = 0; i < read; i++) {
                    n += buf[i] == '\n' ? 1 : 0;
                }
            }
        }
        return n;
    }

    /**
     * The line {@code <timestamp> <value> [<step>]} in {@code buf[from, to)}, copied into the JSON without parsing
     * when its timestamp and step are plain digits and its value is a JSON number a double holds (the shipper's hot
     * loop); anything else (NaN, infinities, Python's {@code nan}, signs, spaces, a number beyond a double) goes to
     * the store's own parser. Null when broken.
     */
    static Point parse(String key, byte[] buf, int from, int to, long endOffset) {
        int s1 = indexOf(buf, from, to);
        int s2 = s1 < 0 ? -1 : indexOf(buf, s1 + 1, to);
        int valueEnd = s2 < 0 ? to : s2;
        if (s1 > from && plainDigits(buf, from, s1) && (s2 < 0 || plainDigits(buf, s2 + 1, to))
                && withinDouble(buf, s1 + 1, valueEnd)) {
            return new Point(key, json(buf, s1 + 1, valueEnd, from, s1, s2 < 0 ? -1 : s2 + 1, to), endOffset);
        }
        Metric m = LocalStoreReader.parseMetric(key, new String(buf, from, to - from, StandardCharsets.UTF_8));
        return m == null ? null : point(m, endOffset);
    }

    /**
     * A point of a line in another form than the store writes, through its parsed value. MLflow's JSON takes NaN
     * and the infinities as the strings protobuf's JSON mapping uses.
     */
    static Point point(Metric m, long endOffset) {
        String value = Double.isNaN(m.value()) ? "\"NaN\"" : Double.isInfinite(m.value())
                ? (m.value() > 0 ? "\"Infinity\"" : "\"-Infinity\"") : Double.toString(m.value());
        return new Point(m.key(), VALUE + value + TIMESTAMP + m.timestampMillis() + STEP + m.step(), endOffset);
    }

    /** {@code "value":<v>,"timestamp":<t>,"step":<s>} from the ranges of {@code src}; a step starting at -1 is 0. */
    private static String json(byte[] src, int v0, int v1, int t0, int t1, int s0, int s1) {
        int stepLength = s0 < 0 ? 1 : s1 - s0;
        byte[] out = new byte[VALUE_BYTES.length + v1 - v0 + TIMESTAMP_BYTES.length + t1 - t0 + STEP_BYTES.length
                + stepLength];
        int n = append(out, 0, VALUE_BYTES, 0, VALUE_BYTES.length);
        n = append(out, n, src, v0, v1);
        n = append(out, n, TIMESTAMP_BYTES, 0, TIMESTAMP_BYTES.length);
        n = append(out, n, src, t0, t1);
        n = append(out, n, STEP_BYTES, 0, STEP_BYTES.length);
        if (s0 < 0) {
            out[n] = '0';
        } else {
            append(out, n, src, s0, s1);
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static int append(byte[] out, int at, byte[] src, int from, int to) {
        System.arraycopy(src, from, out, at, to - from);
        return at + to - from;
    }

    /**
     * Whether {@code buf[from, to)} is a JSON number that a {@code double} holds without overflowing: at most 24
     * characters (Java writes any double in 24) with an exponent of at most two digits. MLflow's server refuses
     * a whole request with a number that overflows to an infinity; such a value goes through the parser instead and
     * is sent as the string "Infinity", as before.
     */
    private static boolean withinDouble(byte[] buf, int from, int to) {
        if (to - from > 24 || !JsonNumber.isOne(buf, from, to)) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (buf[i] == 'e' || buf[i] == 'E') {
                int digits = to - i - 1 - (buf[i + 1] == '+' || buf[i + 1] == '-' ? 1 : 0);
                return digits <= 2;
            }
        }
        return true;
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

    /**
     * Whether {@code buf[from, to)} is 1 to 18 plain digits without a leading zero: a non-negative long as the store
     * writes it, and a JSON number as it stands.
     */
    private static boolean plainDigits(byte[] buf, int from, int to) {
        if (to <= from || to - from > 18 || buf[from] == '0' && to - from > 1) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (buf[i] < '0' || buf[i] > '9') {
                return false;
            }
        }
        return true;
    }
}
