package dev.autolog.system;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code system_memory_usage_megabytes} and {@code system_memory_usage_percentage} (used / total × 100, as MLflow
 * computes it), with psutil's Linux "used": MemTotal − MemFree − Buffers − Cached − SReclaimable (MemTotal −
 * MemFree when that is negative), from {@code /proc/meminfo}; without it, the JVM's total and free memory.
 * Megabytes are 10^6 bytes, as in MLflow.
 */
final class MemorySource implements MetricSource {
    private final Path meminfo;

    MemorySource(Path proc) {
        this.meminfo = proc.resolve("meminfo");
    }

    @Override
    public void read(Reading reading, long nanoTime) throws Exception {
        long[] usedAndTotal = null;
        if (Files.isReadable(meminfo)) {
            usedAndTotal = usedAndTotal(Files.readString(meminfo));
        } else if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long total = os.getTotalMemorySize();
            usedAndTotal = new long[] {total - os.getFreeMemorySize(), total};
        }
        if (usedAndTotal != null && usedAndTotal[1] > 0) {
            reading.gauge("system_memory_usage_megabytes", usedAndTotal[0] / 1e6);
            reading.gauge("system_memory_usage_percentage", 100.0 * usedAndTotal[0] / usedAndTotal[1]);
        }
    }

    /** Used and total bytes, or null when MemTotal or MemFree is missing. */
    static long[] usedAndTotal(String procMeminfo) {
        Map<String, Long> kb = new HashMap<>();
        for (String line : procMeminfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String[] value = line.substring(colon + 1).trim().split("\\s+");
                try {
                    kb.put(line.substring(0, colon), Long.parseLong(value[0]));
                } catch (NumberFormatException e) {
                    // not a number: not a line we use
                }
            }
        }
        Long total = kb.get("MemTotal");
        Long free = kb.get("MemFree");
        if (total == null || free == null) {
            return null;
        }
        long used = total - free - kb.getOrDefault("Buffers", 0L) - kb.getOrDefault("Cached", 0L)
                - kb.getOrDefault("SReclaimable", 0L);
        if (used < 0) {
            used = total - free;
        }
        return new long[] {used * 1024, total * 1024};
    }
}
