package dev.autolog.system;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What each built-in system-metrics source costs the sampler thread per read, once warm: {@code reads} reads of
 * each (after as many for warm-up), this thread's CPU time per read. Tells what dominates a sample
 * ({@link SystemSamplerBench} gives the whole).
 */
public final class SystemSourceCost {

    public static void main(String[] args) throws Exception {
        int reads = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (MetricSource source : SystemSources.all()) {
            if (source == null) {
                continue;
            }
            for (int i = 0; i < reads; i++) {
                source.read(new Reading(), System.nanoTime());
            }
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < reads; i++) {
                source.read(new Reading(), System.nanoTime());
            }
            System.out.printf("%-14s %6.1f us of CPU per read%n", source.getClass().getSimpleName(),
                    (threads.getCurrentThreadCpuTime() - start) / 1e3 / reads);
        }
    }
}
