package dev.autolog.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Parses a whole metric file ({@code timestamp value [step]} lines, MLflow's format) with the semantics of
 * {@link LocalStoreReader#parseMetric}: a line not ended by a newline (being written) or malformed is skipped. Lines
 * of plain ASCII numbers are parsed from the bytes without making strings ({@link ExactDecimal}); a value it cannot
 * decide is handed to {@link Double#parseDouble}, and every other line (whitespace around it,
 * {@code nan}, non-ASCII digits, ...) to {@link LocalStoreReader#parseMetric} itself.
 */
public final class MetricLines {
    /** A file is read in parts of at least this many bytes, each by its own thread. */
    private static final long PART_BYTES = 4 << 20;
    private static final int CHUNK_BYTES = 1 << 20;
    /**
     * No metric line is this long: a longer one is garbage (a file of NUL bytes, one endless line) and is skipped to
     * its end, never held whole; the store index skips it by the same bound.
     */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    private MetricLines() {
    }

    public static MetricSeries parse(String key, byte[] bytes) {
        Part out = new Part(key, new Points(count(bytes, 0, bytes.length)), 0);
        lines(bytes, 0, bytes.length, out);
        return out.points.series(key, new int[] {0}, new int[] {out.next});
    }

    /**
     * The first {@code size} bytes of the file (fewer when it is shorter), parsed as {@link #parse(String, byte[])}
     * does, on every core for a large file, read in chunks: counting its lines first lets each part write its points
     * straight into arrays of the final size, so no copy of the file nor of its points is made.
     */
    public static MetricSeries parse(String key, Path file, long size) throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        // its arrays (24 bytes a point) may take a quarter of the heap: a planted file of a billion lines is refused
        return parse(key, file, size, (int) Math.max(1, Math.min(cores, size / PART_BYTES)), CHUNK_BYTES,
                Runtime.getRuntime().maxMemory() / 4 / 24);
    }

    /** @throws BoundedFiles.UnreadableFileException when the file has more than {@code maxPoints} lines */
    static MetricSeries parse(String key, Path file, long size, int parts, int chunk, long maxPoints)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = Math.min(size, channel.size());
            long[] starts = new long[parts + 1];
            starts[parts] = end;
            for (int p = 1; p < parts; p++) {
                starts[p] = lineStart(channel, Math.max(starts[p - 1], end * p / parts), end);
            }
            int[] counted = new int[parts];
            inParallel(parts, p -> counted[p] = walk(channel, starts[p], starts[p + 1], chunk, null));
            long lines = IntStream.of(counted).asLongStream().sum();
            if (lines > maxPoints) {
                throw new BoundedFiles.UnreadableFileException("a metric file of " + lines + " lines, more than the "
                        + maxPoints + " points this JVM's heap can hold (start it with a larger -Xmx)");
            }
            int[] offsets = new int[parts];
            for (int p = 1; p < parts; p++) {
                offsets[p] = offsets[p - 1] + counted[p - 1];
            }
            Points points = new Points(Math.toIntExact(lines));
            int[] kept = new int[parts];
            inParallel(parts, p -> kept[p] = walk(channel, starts[p], starts[p + 1], chunk,
                    new Part(key, points, offsets[p], counted[p])));
            return points.series(key, offsets, kept);
        }
    }

    private interface PartWork {
        void run(int part) throws IOException;
    }

    /** The parts at once: the calling thread takes some, the common fork-join pool the others. */
    private static void inParallel(int parts, PartWork work) throws IOException {
        if (parts == 1) {
            work.run(0);
            return;
        }
        try {
            IntStream.range(0, parts).parallel().forEach(p -> {
                try {
                    work.run(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Where the first line starting at or after {@code at} starts; {@code end} when none does. */
    private static long lineStart(FileChannel channel, long at, long end) throws IOException {
        if (at <= 0) {
            return 0;
        }
        ByteBuffer one = ByteBuffer.allocate(4096);
        for (long pos = at - 1; pos < end; ) {
            int n = channel.read(one.clear().limit((int) Math.min(one.capacity(), end - pos)), pos);
            if (n <= 0) {
                return end;
            }
            int nl = indexOf(one.array(), (byte) '\n', 0, n);
            if (nl >= 0) {
                return pos + nl + 1;
            }
            pos += n;
        }
        return end;
    }

    /**
     * Reads {@code [from, to)} (whole lines but for an unfinished last one) in chunks; with {@code out} null
     * counts its newlines, else parses its lines into {@code out} and answers the points kept.
     */
    private static int walk(FileChannel channel, long from, long to, int chunk, Part out) throws IOException {
        byte[] buffer = new byte[(int) Math.max(1, Math.min(chunk, to - from))];
        int lines = 0;
        int held = 0;
        boolean overlong = false;
        for (long pos = from; pos < to; ) {
            if (held == buffer.length && buffer.length >= MAX_LINE_BYTES) {
                held = 0;
                overlong = true;
            } else if (held == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2); // a line longer than a chunk
            }
            int n = channel.read(ByteBuffer.wrap(buffer, held, (int) Math.min(buffer.length - held, to - pos)), pos);
            if (n <= 0) {
                break; // the file shrank meanwhile
            }
            pos += n;
            if (out == null) {
                lines += count(buffer, 0, n);
            } else {
                int filled = held + n;
                int start = 0;
                if (overlong) {
                    start = indexOf(buffer, (byte) '\n', 0, filled) + 1;
                    overlong = start == 0;
                }
                int done = overlong ? filled : lines(buffer, start, filled, out);
                held = filled - done;
                System.arraycopy(buffer, done, buffer, 0, held);
            }
        }
        return out == null ? lines : out.next - out.first;
    }

    /** Parses the lines ended in {@code b[from, to)}; answers where the unfinished rest starts. */
    private static int lines(byte[] b, int from, int to, Part out) {
        int start = from;
        for (int nl = indexOf(b, (byte) '\n', start, to); nl >= 0;
                start = nl + 1, nl = indexOf(b, (byte) '\n', start, to)) {
            if (!parsePlain(b, start, nl, out)) {
                Metric m = LocalStoreReader.parseMetric(out.key, new String(b, start, nl - start,
                        StandardCharsets.UTF_8));
                if (m != null) {
                    out.add(m.timestampMillis(), m.value(), m.step());
                }
            }
        }
        return start;
    }

    private static int count(byte[] b, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += b[i] == '\n' ? 1 : 0;
        }
        return n;
    }

    /** The arrays of a file's points, sized by its line count; parts write their points into their own ranges. */
    private static final class Points {
        final long[] steps;
        final long[] times;
        final double[] values;

        Points(int lines) {
            steps = new long[lines];
            times = new long[lines];
            values = new double[lines];
        }

        /** The series of the points kept, parts moved together when some lines were skipped. */
        MetricSeries series(String key, int[] offsets, int[] kept) {
            int size = 0;
            for (int p = 0; p < offsets.length; p++) {
                System.arraycopy(steps, offsets[p], steps, size, kept[p]);
                System.arraycopy(times, offsets[p], times, size, kept[p]);
                System.arraycopy(values, offsets[p], values, size, kept[p]);
                size += kept[p];
            }
            return size == steps.length ? new MetricSeries(key, size, steps, times, values)
                    : new MetricSeries(key, size, Arrays.copyOf(steps, size), Arrays.copyOf(times, size),
                            Arrays.copyOf(values, size));
        }
    }

    /** One part's range of the arrays; points beyond the lines counted (a file rewritten meanwhile) are dropped. */
    private static final class Part {
        final String key;
        final Points points;
        final int first;
        final int limit;
        int next;

        Part(String key, Points points, int first, int lines) {
            this.key = key;
            this.points = points;
            this.first = first;
            this.limit = first + lines;
            this.next = first;
        }

        Part(String key, Points points, int first) {
            this(key, points, first, points.steps.length);
        }

        void add(long time, double value, long step) {
            if (next < limit) {
                points.steps[next] = step;
                points.times[next] = time;
                points.values[next] = value;
                next++;
            }
        }
    }

    /**
     * Adds the line's point, or skips it when it is malformed; false when it is not plain ASCII numbers separated by
     * single spaces, for the slow parser to decide.
     */
    private static boolean parsePlain(byte[] b, int from, int to, Part out) {
        int s1 = indexOf(b, (byte) ' ', from, to);
        if (s1 < 0) {
            return false;
        }
        int s2 = indexOf(b, (byte) ' ', s1 + 1, to);
        int valueEnd = s2 < 0 ? to : s2;
        if (s2 >= 0 && indexOf(b, (byte) ' ', s2 + 1, to) >= 0) {
            return false;
        }
        long time = integer(b, from, s1);
        long step = s2 < 0 ? 0 : integer(b, s2 + 1, to);
        if (time == Long.MIN_VALUE || step == Long.MIN_VALUE) {
            return false;
        }
        double value = decimal(b, s1 + 1, valueEnd);
        if (Double.isNaN(value)) {
            for (int i = s1 + 1; i < valueEnd; i++) {
                if ((b[i] < '0' || b[i] > '9') && b[i] != '.' && b[i] != '-' && b[i] != '+' && b[i] != 'e'
                        && b[i] != 'E') {
                    return false;
                }
            }
            try {
                value = Double.parseDouble(new String(b, s1 + 1, valueEnd - s1 - 1, StandardCharsets.ISO_8859_1));
            } catch (NumberFormatException malformed) {
                return true; // skipped, as parseMetric would
            }
        }
        out.add(time, value, step);
        return true;
    }

    /** An optionally signed integer of 1 to 18 ASCII digits; Long.MIN_VALUE when it is anything else. */
    private static long integer(byte[] b, int from, int to) {
        boolean negative = from < to && b[from] == '-';
        int i = from < to && (b[from] == '-' || b[from] == '+') ? from + 1 : from;
        if (i == to || to - i > 18) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    /**
     * A decimal {@code [sign]digits[.digits][e[sign]digits]} of at most 18 significant digits, exactly as
     * Double.parseDouble reads it ({@link ExactDecimal}); NaN when it is not such a number or cannot be decided.
     */
    private static double decimal(byte[] b, int from, int to) {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int significant = 0;
        int fraction = 0;
        boolean dot = false;
        for (; i < to; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                digits++;
                if (dot) {
                    fraction++;
                }
                if (mantissa != 0 || c != '0') {
                    if (++significant > 18) {
                        return Double.NaN;
                    }
                    mantissa = mantissa * 10 + (c - '0');
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        int exponent = 0;
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            long e = integer(b, i + 1, to);
            if (e == Long.MIN_VALUE || Math.abs(e) > 400) {
                return Double.NaN;
            }
            exponent = (int) e;
            i = to;
        }
        if (i != to) {
            return Double.NaN;
        }
        if (mantissa == 0) {
            return negative ? -0.0 : 0.0;
        }
        double v = ExactDecimal.of(mantissa, exponent - fraction);
        return negative ? -v : v;
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
