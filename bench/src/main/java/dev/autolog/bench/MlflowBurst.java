package dev.autolog.bench;

import dev.autolog.ActiveRun;
import dev.autolog.Autolog;

/**
 * A program that logs one burst of points into a new run and flushes, as a short job does: prints the nanoseconds
 * from {@code Autolog.startRun} to {@code Autolog.flush()} returning, and the wall-clock milliseconds of the start and
 * of the flush's return. Run in a fresh JVM with the agent by {@link MlflowThroughputBench}, so the time includes
 * everything a first run of a JVM pays, and from the JVM's launch also what the agent did before {@code main}.
 */
public final class MlflowBurst {

    public static void main(String[] args) {
        int points = Integer.parseInt(args[0]);
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        try (ActiveRun run = Autolog.startRun(args[1])) {
            for (int i = 0; i < points; i++) {
                run.logMetric("m" + (i & 7), i * 0.5, i);
            }
        }
        if (!Autolog.flush()) {
            throw new IllegalStateException("flush timed out");
        }
        long nanos = System.nanoTime() - start;
        System.out.println(nanos + " " + startMillis + " " + System.currentTimeMillis());
    }
}
