package dev.autolog.backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The lines one key's points of a batch add to its metric file, as the bytes to append: {@code <ts> <value> <step>}
 * in a run's file, with {@code <run_id>} after them in a LoggedModel's. Built in one byte array, with the value as
 * {@link Double#toString} writes it.
 */
final class MetricFileLines {
    private byte[] bytes = new byte[64];
    private int length;
    private final List<Metric> points = new ArrayList<>();

    /** The points of {@code metrics} by key, in the order the keys first appear; {@code runId} null for a run's file. */
    static Map<String, MetricFileLines> byKey(List<Metric> metrics, String runId) {
        Map<String, MetricFileLines> lines = new LinkedHashMap<>();
        grouped(metrics).forEach((key, points) -> lines.put(key, of(points, runId)));
        return lines;
    }

    /**
     * A LoggedModel's lines ({@code <run_id>} after each) of {@code metrics}, by key: a key whose points are the very
     * ones of {@code runLines} (the run's lines of the same batch, as a training logs every point to both) reuses
     * their text rather than formatting each number again.
     */
    static Map<String, MetricFileLines> forModel(List<Metric> metrics, String runId,
                                                 Map<String, MetricFileLines> runLines) {
        Map<String, MetricFileLines> lines = new LinkedHashMap<>();
        grouped(metrics).forEach((key, points) -> {
            MetricFileLines run = runLines.get(key);
            lines.put(key, run != null && run.holdsTheSame(points) ? run.withRunId(runId) : of(points, runId));
        });
        return lines;
    }

    private static Map<String, List<Metric>> grouped(List<Metric> metrics) {
        Map<String, List<Metric>> byKey = new LinkedHashMap<>();
        for (Metric m : metrics) {
            byKey.computeIfAbsent(Objects.toString(m.key(), ""), k -> new ArrayList<>()).add(m);
        }
        return byKey;
    }

    private static MetricFileLines of(List<Metric> points, String runId) {
        MetricFileLines lines = new MetricFileLines();
        for (Metric m : points) {
            lines.add(m, runId);
        }
        return lines;
    }

    private void add(Metric m, String runId) {
        ascii(Long.toString(m.timestampMillis()));
        ascii(' ');
        ascii(Double.toString(m.value()));
        ascii(' ');
        ascii(Long.toString(m.step()));
        if (runId != null) {
            ascii(' ');
            ascii(runId);
        }
        ascii('\n');
        points.add(m);
    }

    /** These lines (a run's) with {@code ' ' + runId} before each line's end. */
    private MetricFileLines withRunId(String runId) {
        MetricFileLines out = new MetricFileLines();
        out.room(length + points.size() * (runId.length() + 1));
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                out.ascii(' ');
                out.ascii(runId);
            }
            out.bytes[out.length++] = bytes[i];
        }
        out.points.addAll(points);
        return out;
    }

    private boolean holdsTheSame(List<Metric> others) {
        if (others.size() != points.size()) {
            return false;
        }
        for (int i = 0; i < others.size(); i++) {
            if (others.get(i) != points.get(i)) {
                return false;
            }
        }
        return true;
    }

    int points() {
        return points.size();
    }

    byte[] bytes() {
        return Arrays.copyOf(bytes, length);
    }

    /** Every character written is ASCII: digits, a number's signs and letters, and a run id's [A-Za-z0-9_-]. */
    private void ascii(String s) {
        room(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
    }

    private void ascii(char c) {
        room(1);
        bytes[length++] = (byte) c;
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
