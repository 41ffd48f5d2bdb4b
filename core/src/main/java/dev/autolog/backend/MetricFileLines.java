package dev.autolog.backend;

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
    private int points;

    /** The points of {@code metrics} by key, in the order the keys first appear; {@code runId} null for a run's file. */
    static Map<String, MetricFileLines> byKey(List<Metric> metrics, String runId) {
        Map<String, MetricFileLines> lines = new LinkedHashMap<>();
        for (Metric m : metrics) {
            String key = Objects.toString(m.key(), "");
            MetricFileLines l = lines.get(key);
            if (l == null) {
                l = new MetricFileLines();
                lines.put(key, l);
            }
            l.add(m, runId);
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
        points++;
    }

    int points() {
        return points;
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
