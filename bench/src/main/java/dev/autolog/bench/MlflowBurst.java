package dev.autolog.bench;

import dev.autolog.ActiveRun;
import dev.autolog.Autolog;

/**
 * A program that logs one burst of points into a new run and flushes, as a short job does: prints the nanoseconds
 * from {@code Autolog.startRun} to {@code Autolog.flush()} returning, and the wall-clock milliseconds of the start and
 * of the flush's return. Run in a fresh JVM with the agent by {@link MlflowThroughputBench}, so the time includes
 * everything a first run of a JVM pays, and from the JVM's launch also what the agent did before {@code main}. With
 * {@value MlflowThroughputBench#TIMELINE} set, first prints which threads used the CPU when ({@link CpuTimeline}),
 * and when {@code startRun}, the last point and {@code flush()} began.
 */
public final class MlflowBurst {
    /** System property: milliseconds to wait before {@code startRun}, as a job that loads its data first does. */
    static final String START_DELAY = "autolog.bench.start.delay.ms";

    public static void main(String[] args) {
        int points = Integer.parseInt(args[0]);
        pause(Long.getLong(START_DELAY, 0));
        CpuTimeline cpu = Boolean.getBoolean(MlflowThroughputBench.TIMELINE) ? CpuTimeline.start(50) : null;
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        long loggedMillis;
        try (ActiveRun run = Autolog.startRun(args[1])) {
            for (int i = 0; i < points; i++) {
                run.logMetric("m" + (i & 7), i * 0.5, i);
            }
            loggedMillis = System.currentTimeMillis();
        }
        long flushMillis = System.currentTimeMillis();
        if (!Autolog.flush()) {
            throw new IllegalStateException("flush timed out");
        }
        long nanos = System.nanoTime() - start;
        long endMillis = System.currentTimeMillis();
        if (cpu != null) {
            cpu.stop(startMillis).forEach(System.out::println);
            System.out.println("child: points logged at +" + (loggedMillis - startMillis) + " ms, run ended and flush()"
                    + " called at +" + (flushMillis - startMillis) + " ms, flush() returned at +"
                    + (endMillis - startMillis) + " ms");
        }
        System.out.println(nanos + " " + startMillis + " " + endMillis);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
