package dev.autolog.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads, the JIT compiler and GC threads included (which {@code ThreadMXBean} does not
 * see), from Linux's {@code /proc/self/task/<tid>/schedstat} (nanoseconds on a CPU) and {@code comm} (the name);
 * threads of one kind ({@code C2 CompilerThre0}, {@code C2 CompilerThre1}) are summed under one name.
 */
final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");

    private final Map<String, Long> nanosByTask;

    private ThreadCpu(Map<String, Long> nanosByTask) {
        this.nanosByTask = nanosByTask;
    }

    /** No thread at all: {@code since(empty())} is each thread's CPU since it began. */
    static ThreadCpu empty() {
        return new ThreadCpu(Map.of());
    }

    /** Empty where there is no {@code /proc/self/task} (not Linux). */
    static ThreadCpu now() {
        Map<String, Long> nanos = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
                    String ran = Files.readString(task.resolve("schedstat"), StandardCharsets.UTF_8);
                    nanos.put(task.getFileName() + " " + name, Long.parseLong(ran.substring(0, ran.indexOf(' '))));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException notLinux) {
            return new ThreadCpu(nanos);
        }
        return new ThreadCpu(nanos);
    }

    /** Milliseconds of CPU each kind of thread used since {@code before}, those above 1 ms, by name. */
    String since(ThreadCpu before) {
        Map<String, Double> byKind = new TreeMap<>();
        nanosByTask.forEach((task, nanos) -> byKind.merge(kind(task), (nanos - before.nanosByTask.getOrDefault(task,
                0L)) / 1e6, Double::sum));
        StringBuilder line = new StringBuilder();
        byKind.forEach((kind, ms) -> {
            if (ms >= 1) {
                line.append(String.format(" %s=%.0f", kind, ms));
            }
        });
        return line.toString().strip();
    }

    private static String kind(String task) {
        String name = task.substring(task.indexOf(' ') + 1);
        return name.replaceAll("[0-9]+$", "").replace(' ', '_');
    }
}
