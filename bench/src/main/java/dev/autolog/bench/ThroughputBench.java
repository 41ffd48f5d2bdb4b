package dev.autolog.bench;

import dev.autolog.ActiveRun;
import dev.autolog.Autolog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * (b) Sustained metric points per second from one thread into the local store: log N points, flush, count the
 * lines that reached the metric files. Run in its own JVM (it configures the store by system property).
 */
public final class ThroughputBench {

    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        String store = ChildJvm.tempStore();
        System.setProperty("autolog.tracking.uri", store);
        System.setProperty("autolog.flush.timeout", "5m");
        System.setProperty("autolog.queue.capacity", "100000000");
        long start = System.nanoTime();
        String runId;
        try (ActiveRun run = Autolog.startRun("throughput")) {
            runId = run.runId();
            for (int i = 0; i < points; i++) {
                run.logMetric("m" + (i & 7), i * 0.5, i);
            }
            if (!Autolog.flush()) {
                throw new IllegalStateException("flush timed out");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long written = countLines(Path.of(store, "0", runId, "metrics"));
        System.out.printf("throughput: %d points logged and flushed in %.2f s = %.0f points/s; %d points in the store%n",
                points, seconds, points / seconds, written);
    }

    private static long countLines(Path metrics) throws Exception {
        long n = 0;
        try (Stream<Path> files = Files.list(metrics)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                try (Stream<String> lines = Files.lines(f)) {
                    n += lines.count();
                }
            }
        }
        return n;
    }
}
