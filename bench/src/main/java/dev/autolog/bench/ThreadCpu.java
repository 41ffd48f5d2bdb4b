package dev.autolog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * This JVM's CPU time by thread, from {@code /proc/self/task} (Linux): what a window cost per kind of thread (names
 * with their digits as {@code #}: the GC's, the JIT's, Spark's task threads, autolog's), so CPU outside Spark's tasks
 * can be told apart. A thread that ended within the window is missed.
 */
final class ThreadCpu {
    private static final double MILLIS_PER_TICK = 10; // USER_HZ is 100 on Linux

    private ThreadCpu() {
    }

    /** Ticks of user + system time by thread id, with the thread's name. */
    static Map<String, long[]> snapshot() {
        Map<String, long[]> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    out.put(task.getFileName() + " " + name, new long[] {ticks});
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Milliseconds of CPU between two snapshots by thread name, the costliest first, those of 50 ms and more. */
    static String delta(Map<String, long[]> before, Map<String, long[]> after) {
        Map<String, Double> byName = new TreeMap<>();
        after.forEach((key, ticks) -> {
            long[] was = before.get(key);
            double ms = (ticks[0] - (was == null ? 0 : was[0])) * MILLIS_PER_TICK;
            byName.merge(key.substring(key.indexOf(' ') + 1), ms, Double::sum);
        });
        StringBuilder out = new StringBuilder();
        byName.entrySet().stream().filter(e -> e.getValue() >= 50)
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.append(out.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                        .append(String.format("%.0f", e.getValue())));
        return out.toString();
    }
}
