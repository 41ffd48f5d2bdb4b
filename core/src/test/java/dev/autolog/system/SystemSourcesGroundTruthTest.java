package dev.autolog.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.OperatingSystemMXBean;
import java.io.File;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real sources, sampled twice by hand around known work, against what the JVM's MXBeans, java.io.File and
 * /proc say in the same JVM just before and after each reading. Bounds are exact where both sides are counts read
 * around the reading; tolerances are stated where the value moves on its own.
 */
class SystemSourcesGroundTruthTest {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final Map<String, Double> VALUES = new HashMap<>();
    private static long gcCountBefore0;
    private static long gcCountAfter0;
    private static long gcCountBefore1;
    private static long gcCountAfter1;
    private static long gcTimeAfter0;
    private static long gcTimeBefore1;
    private static double processCpuLowPercent;
    private static double processCpuHighPercent;
    private static double jdkCpuLoadPercent;
    private static int threadsMin;
    private static int threadsMax;
    private static double heapCommittedMb;
    private static double heapUsedBeforeMb;
    private static long[] netBefore;
    private static long[] netAfter;
    private static double osTotalMb;
    private static double osUsedMb;

    @BeforeAll
    static void sampleAroundKnownWork() throws Exception {
        SystemSampler sampler = new SystemSampler(Duration.ofNanos(1), SystemSources::all, System::nanoTime,
                System::currentTimeMillis, loop -> { });
        sampler.runStarted("r", (metrics, t, step) -> VALUES.putAll(metrics));
        netBefore = net();
        gcCountBefore0 = gc(GarbageCollectorMXBean::getCollectionCount);
        long cpu0 = OS.getProcessCpuTime();
        OS.getCpuLoad();
        long t0 = System.nanoTime();
        sampler.tick(t0);
        long cpu0end = OS.getProcessCpuTime();
        gcCountAfter0 = gc(GarbageCollectorMXBean::getCollectionCount);
        gcTimeAfter0 = gc(GarbageCollectorMXBean::getCollectionTime);

        System.gc();
        System.gc();
        long spinUntil = System.nanoTime() + 400_000_000L;
        double sink = 0;
        while (System.nanoTime() < spinUntil) {
            sink += Math.sqrt(sink + 1);
        }
        assertTrue(sink > 0);

        gcCountBefore1 = gc(GarbageCollectorMXBean::getCollectionCount);
        gcTimeBefore1 = gc(GarbageCollectorMXBean::getCollectionTime);
        threadsMin = ManagementFactory.getThreadMXBean().getThreadCount();
        heapCommittedMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1e6;
        heapUsedBeforeMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
        osTotalMb = OS.getTotalMemorySize() / 1e6;
        osUsedMb = (OS.getTotalMemorySize() - OS.getFreeMemorySize()) / 1e6;
        long cpu1 = OS.getProcessCpuTime();
        jdkCpuLoadPercent = OS.getCpuLoad() * 100;
        long t1 = System.nanoTime();
        sampler.tick(t1);
        long cpu1end = OS.getProcessCpuTime();
        gcCountAfter1 = gc(GarbageCollectorMXBean::getCollectionCount);
        threadsMax = ManagementFactory.getThreadMXBean().getThreadCount();
        netAfter = net();
        // the sampler reads the CPU time somewhere inside each tick and divides by the ticks' own times t1 - t0
        double allCores = (double) (t1 - t0) * Runtime.getRuntime().availableProcessors();
        processCpuLowPercent = Math.min(100, 100.0 * (cpu1 - cpu0end) / allCores);
        processCpuHighPercent = Math.min(100, 100.0 * (cpu1end - cpu0) / allCores);
    }

    private static long gc(java.util.function.ToLongFunction<GarbageCollectorMXBean> what) {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(what).sum();
    }

    private static long[] net() throws Exception {
        Path dev = Path.of("/proc/net/dev");
        return Files.isReadable(dev) ? NetworkSource.receivedAndSent(Files.readString(dev)) : new long[2];
    }

    private static double value(String name) {
        Double v = VALUES.get("system/" + name);
        assertTrue(v != null, "system/" + name + " missing from " + VALUES.keySet());
        return v;
    }

    @Test
    void everyMachineAndJvmKeyIsLoggedUnderMlflowsPrefix() {
        List<String> expected = List.of("cpu_utilization_percentage", "system_memory_usage_megabytes",
                "system_memory_usage_percentage", "disk_usage_percentage", "disk_usage_megabytes",
                "disk_available_megabytes", "network_receive_megabytes", "network_transmit_megabytes",
                "jvm_heap_used_megabytes", "jvm_heap_committed_megabytes", "jvm_gc_time_milliseconds", "jvm_gc_count",
                "jvm_live_threads", "jvm_process_cpu_utilization_percentage");
        assertEquals(expected.stream().map(k -> "system/" + k).sorted().toList(),
                VALUES.keySet().stream().filter(k -> !k.startsWith("system/gpu_")).sorted().toList(),
                "and GPU keys where nvidia-smi is on the PATH");
    }

    @Test
    void gcCountAndTimeSinceTheRunStartedLieBetweenTheMxBeansCountsAroundTheReadings() {
        double count = value("jvm_gc_count");
        assertTrue(count >= 2, "two System.gc() calls: " + count);
        assertTrue(count >= gcCountBefore1 - gcCountAfter0 && count <= gcCountAfter1 - gcCountBefore0,
                count + " not in [" + (gcCountBefore1 - gcCountAfter0) + ", " + (gcCountAfter1 - gcCountBefore0) + "]");
        assertTrue(value("jvm_gc_time_milliseconds") >= gcTimeBefore1 - gcTimeAfter0);
    }

    @Test
    void heapAndThreadsMatchMemoryMxBeanAndThreadMxBean() {
        assertEquals(heapCommittedMb, value("jvm_heap_committed_megabytes"), 0.051, "committed, rounded to 0.1 MB");
        assertEquals(heapUsedBeforeMb, value("jvm_heap_used_megabytes"), 8.0, "used moves with allocation: ±8 MB");
        double threads = value("jvm_live_threads");
        assertTrue(threads >= threadsMin && threads <= threadsMax, threads + " vs " + threadsMin + ".." + threadsMax);
    }

    @Test
    void processCpuMatchesTheMxBeansProcessCpuTimeOverTheSameWindow() {
        double logged = value("jvm_process_cpu_utilization_percentage");
        assertTrue(logged >= processCpuLowPercent - 0.05 && logged <= processCpuHighPercent + 0.05,
                logged + " not in [" + processCpuLowPercent + ", " + processCpuHighPercent + "], rounded to 0.1");
    }

    @Test
    void systemCpuMatchesTheJdksOwnCpuLoadOverTheSameWindowWithinTenPoints() {
        assertEquals(jdkCpuLoadPercent, value("cpu_utilization_percentage"), 10.0);
    }

    @Test
    void systemMemoryAgreesWithTheOperatingSystemMxBean() {
        double used = value("system_memory_usage_megabytes");
        double percentage = value("system_memory_usage_percentage");
        double impliedTotal = used / percentage * 100;
        // both values are rounded to one decimal: at 4 % of the memory that alone moves the implied total by 1.25 %
        double roundingShare = 0.05 / percentage + 0.05 / used;
        assertEquals(osTotalMb, impliedTotal, osTotalMb * (0.01 + roundingShare), "total within 1 % and rounding");
        assertTrue(used > 0 && used <= osUsedMb + osTotalMb * 0.01, "psutil's used excludes caches: " + used
                + " <= total - free " + osUsedMb);
    }

    @Test
    void diskUsageMatchesJavaIoFileForTheRootWithin50Megabytes() {
        File root = new File("/");
        double used = (root.getTotalSpace() - root.getFreeSpace()) / 1e6;
        double available = root.getUsableSpace() / 1e6;
        assertEquals(used, value("disk_usage_megabytes"), 50);
        assertEquals(available, value("disk_available_megabytes"), 50);
        assertEquals(100 * used / (used + available), value("disk_usage_percentage"), 0.5);
    }

    @Test
    void networkBytesSinceTheRunStartedLieWithinWhatProcNetDevCountedAroundTheReadings() {
        double received = value("network_receive_megabytes");
        double sent = value("network_transmit_megabytes");
        double rounding = 1e-9; // both sides are differences of byte counts divided by 10^6
        assertTrue(received >= 0 && received <= (netAfter[0] - netBefore[0]) / 1e6 + rounding, received + " vs "
                + (netAfter[0] - netBefore[0]) / 1e6);
        assertTrue(sent >= 0 && sent <= (netAfter[1] - netBefore[1]) / 1e6 + rounding, sent + " vs "
                + (netAfter[1] - netBefore[1]) / 1e6);
    }
}
