package dev.autolog.system;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * The JVM's own, which no Python monitor logs: {@code jvm_heap_used_megabytes}, {@code jvm_heap_committed_megabytes}
 * (10^6 bytes), {@code jvm_gc_time_milliseconds} and {@code jvm_gc_count} since the run started (all collectors),
 * {@code jvm_live_threads}, and {@code jvm_process_cpu_utilization_percentage}: the process's CPU time since the
 * previous publication as a share of all cores' time (100 = every core busy with this JVM).
 */
final class JvmSource implements MetricSource {
    private final int processors = Runtime.getRuntime().availableProcessors();

    @Override
    public void read(Reading reading, long nanoTime) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        reading.gauge("jvm_heap_used_megabytes", heap.getUsed() / 1e6);
        reading.gauge("jvm_heap_committed_megabytes", heap.getCommitted() / 1e6);
        long gcTime = 0;
        long gcCount = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcTime += Math.max(0, gc.getCollectionTime());
            gcCount += Math.max(0, gc.getCollectionCount());
        }
        reading.total("jvm_gc_time_milliseconds", gcTime);
        reading.total("jvm_gc_count", gcCount);
        reading.gauge("jvm_live_threads", ManagementFactory.getThreadMXBean().getThreadCount());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long cpu = os.getProcessCpuTime();
            if (cpu >= 0) {
                reading.share("jvm_process_cpu_utilization_percentage", cpu, (double) nanoTime * processors);
            }
        }
    }
}
