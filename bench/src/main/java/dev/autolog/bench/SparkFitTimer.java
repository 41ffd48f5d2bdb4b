package dev.autolog.bench;

import dev.autolog.Autolog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkContext;

/**
 * Times Spark fits in one warm JVM started with the agent, alternating {@code Autolog.disable()} and
 * {@code Autolog.enable()}: the fit's wall time, the time until Spark is idle again (tracking's own Spark jobs run
 * after the fit returned), this JVM's CPU time until then (which the other processes of a shared machine do not
 * distort) and the Spark jobs run until then ({@link SparkJobLog}). Each fit is followed by waiting until Spark is
 * idle and the agent's after-fit threads wait for work, so no fit is slowed by the previous one's.
 * {@code -Dbench.jobs=true} prints every fit's jobs and its CPU time by thread ({@link ThreadCpu}).
 */
final class SparkFitTimer {
    private static final double IDLE_MS = 300;
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private final SparkContext context;
    private final SparkJobLog jobs = new SparkJobLog();
    private final List<double[]> untracked = new ArrayList<>();
    private final List<double[]> tracked = new ArrayList<>();

    SparkFitTimer(SparkContext context) {
        this.context = context;
        context.addSparkListener(jobs);
    }

    /** {@code warmUp} pairs not counted, then {@code pairs} pairs of untracked and tracked fits. */
    void pairs(int warmUp, int pairs, Runnable fit) {
        for (int i = 0; i < warmUp + pairs; i++) {
            double[] u = time(fit, false);
            double[] t = time(fit, true);
            if (i >= warmUp) {
                untracked.add(u);
                tracked.add(t);
            }
        }
        Autolog.flush();
    }

    /** Median untracked fit, tracked fit and tracked until idle, their ratios, CPU until idle, and jobs. */
    String summary() {
        double fitU = median(untracked, 0);
        double fitT = median(tracked, 0);
        double idleT = median(tracked, 1);
        double cpuU = median(untracked, 2);
        double cpuT = median(tracked, 2);
        return String.format("median untracked %.1f ms, tracked %.1f ms, ratio %.2f; tracked until Spark is idle "
                + "%.1f ms, ratio %.2f (pairs %s); this JVM's CPU time until idle: untracked %.1f ms, tracked %.1f ms, "
                + "ratio %.2f; Spark jobs until idle: untracked %.0f, tracked %.0f",
                fitU, fitT, fitT / fitU, idleT, idleT / fitU, pairRatios(), cpuU, cpuT, cpuT / cpuU,
                median(untracked, 3), median(tracked, 3));
    }

    /** Each pair's tracked-until-idle over its untracked fit, in order. */
    private String pairRatios() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tracked.size(); i++) {
            out.append(i == 0 ? "" : " ").append(String.format("%.2f", tracked.get(i)[1] / untracked.get(i)[0]));
        }
        return out.toString();
    }

    private double[] time(Runnable fit, boolean tracking) {
        if (tracking) {
            Autolog.enable();
        } else {
            Autolog.disable();
        }
        long cpuStart = CPU.getProcessCpuTime();
        ThreadCpu threadsBefore = Boolean.getBoolean("bench.jobs") ? ThreadCpu.now() : null;
        long start = System.nanoTime();
        fit.run();
        jobs.fitEnded(System.currentTimeMillis());
        double fitMillis = (System.nanoTime() - start) / 1e6;
        long lastBusy = System.nanoTime();
        long idleSince = lastBusy;
        // ends right after a look that saw no work, IDLE_MS after the last one that saw some (not between looks:
        // under load one look may take longer than IDLE_MS)
        for (long now = lastBusy; (now - idleSince) / 1e6 < IDLE_MS; sleep()) {
            boolean busy = context.statusTracker().getActiveJobIds().length > 0 || afterFitBusy();
            now = System.nanoTime();
            if (busy) {
                lastBusy = now;
                idleSince = now;
            }
        }
        SparkJobLog.Window window = jobs.take();
        double untilIdle = (lastBusy - start) / 1e6;
        if (Boolean.getBoolean("bench.jobs")) {
            System.out.printf("%s: fit %.1f ms, idle after %.1f ms, %d jobs, %d stages, %d tasks, %d ms task time: %s%n",
                    tracking ? "tracked" : "untracked", fitMillis, untilIdle, window.jobs().size(), window.stages(),
                    window.tasks(), window.taskMillis(), window.jobs());
            System.out.printf("%s: CPU ms by thread: %s%n", tracking ? "tracked" : "untracked",
                    ThreadCpu.now().since(threadsBefore));
        }
        return new double[] {fitMillis, untilIdle, (CPU.getProcessCpuTime() - cpuStart) / 1e6, window.jobs().size()};
    }

    /**
     * True while a thread of the agent's after-fit pool is working (not waiting in the pool for work): on a loaded
     * machine it may start its Spark jobs later than {@link #IDLE_MS} after the fit, which would otherwise count
     * them into the next fit.
     */
    private static boolean afterFitBusy() {
        Thread[] threads = new Thread[Thread.activeCount() * 2 + 16];
        int n = Thread.enumerate(threads);
        for (int i = 0; i < n; i++) {
            if (threads[i].getName().equals("autolog-spark-after-fit") && Arrays.stream(threads[i].getStackTrace())
                    .noneMatch(f -> f.getMethodName().equals("getTask"))) {
                return true;
            }
        }
        return false;
    }

    private static double median(List<double[]> fits, int column) {
        return ChildJvm.median(fits.stream().map(f -> f[column]).toList());
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
