package dev.autolog.system;

import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code cpu_utilization_percentage}: the whole machine's busy share since the previous publication, from the
 * first line of {@code /proc/stat} as psutil computes it (busy = all time but idle and iowait; guest time is
 * already in user time); without {@code /proc/stat}, the JVM's own view of the system load.
 */
final class CpuSource implements MetricSource {
    static final String KEY = "cpu_utilization_percentage";
    private final Path stat;

    CpuSource(Path proc) {
        this.stat = proc.resolve("stat");
    }

    @Override
    public void read(Reading reading, long nanoTime) throws Exception {
        if (Files.isReadable(stat)) {
            String firstLine;
            try (BufferedReader in = Files.newBufferedReader(stat)) {
                firstLine = in.readLine(); // the whole file carries a line per CPU and every interrupt's count
            }
            long[] busyAndTotal = firstLine == null ? null : busyAndTotal(firstLine);
            if (busyAndTotal != null) {
                reading.share(KEY, busyAndTotal[0], busyAndTotal[1]);
            }
        } else if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            double load = os.getCpuLoad();
            if (load >= 0) {
                reading.gauge(KEY, load * 100);
            }
        }
    }

    /** Busy and total clock ticks of the {@code cpu} line, or null without one. */
    static long[] busyAndTotal(String procStat) {
        for (String line : procStat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long total = 0;
                // user nice system idle iowait irq softirq steal; guest and guest_nice are counted in user and nice
                for (int i = 1; i <= 8 && i < f.length; i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
                return new long[] {total - idle, total};
            }
        }
        return null;
    }
}
