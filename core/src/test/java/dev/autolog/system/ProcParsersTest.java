package dev.autolog.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /proc parsers on real file contents (captured on a Linux 6.x host), and what happens without /proc. */
class ProcParsersTest {

    @Test
    void procStatGivesBusyAndTotalTicksOfTheCpuLineAsPsutilCountsThem() {
        String stat = "cpu  4705 150 1120 16250 520 0 36 7 300 0\n"
                + "cpu0 2352 75 560 8125 260 0 18 3 150 0\n"
                + "intr 114930548 113199788 3 0 5 263 0 4 [...]\n";
        // total = user..steal = 4705+150+1120+16250+520+0+36+7; idle = idle + iowait
        assertArrayEquals(new long[] {22788 - 16770, 22788}, CpuSource.busyAndTotal(stat));
        assertNull(CpuSource.busyAndTotal("intr 1 2 3\n"));
    }

    @Test
    void meminfoGivesPsutilsUsedMemoryAndTheTotalInBytes() {
        String meminfo = "MemTotal:       24683748 kB\nMemFree:        17572640 kB\nMemAvailable:   21758380 kB\n"
                + "Buffers:          212044 kB\nCached:          3862888 kB\nSwapCached:            0 kB\n"
                + "SReclaimable:     190972 kB\n";
        long usedKb = 24683748L - 17572640 - 212044 - 3862888 - 190972;
        assertArrayEquals(new long[] {usedKb * 1024, 24683748L * 1024}, MemorySource.usedAndTotal(meminfo));
        assertArrayEquals(new long[] {(100L - 10) * 1024, 100L * 1024},
                MemorySource.usedAndTotal("MemTotal: 100 kB\nMemFree: 10 kB\nCached: 200 kB\n"),
                "psutil falls back to total - free when the caches exceed it");
        assertNull(MemorySource.usedAndTotal("MemAvailable: 5 kB\n"));
    }

    @Test
    void netDevSumsReceivedAndTransmittedBytesOverEveryInterface() {
        String netDev = "Inter-|   Receive                                                |  Transmit\n"
                + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo "
                + "colls carrier compressed\n"
                + "    lo: 2776770   11307    0    0    0     0          0         0  2776770   11307    0    0    0 "
                + "    0       0          0\n"
                + "  eth0: 1215645    2751    0    0    0     0          0         0   1782404    4324    0    0    0"
                + "     0       0          0\n";
        assertArrayEquals(new long[] {2776770L + 1215645, 2776770L + 1782404}, NetworkSource.receivedAndSent(netDev));
    }

    @Test
    void withoutProcTheProcKeysAreLeftOutAndNothingThrows(@TempDir Path emptyProc) throws Exception {
        Reading reading = new Reading();
        new NetworkSource(emptyProc).read(reading, 0);
        assertEquals(List.of(), List.copyOf(reading.totals.keySet()));
        new CpuSource(emptyProc).read(reading, 0);
        new MemorySource(emptyProc).read(reading, 0);
        // the JVM's own view stands in for /proc/stat and /proc/meminfo: gauges, never a share
        assertEquals(List.of(), List.copyOf(reading.shares.keySet()));
        assertEquals(List.of("system_memory_usage_megabytes", "system_memory_usage_percentage"),
                reading.gauges.keySet().stream().filter(k -> k.startsWith("system_memory")).toList());
    }
}
