package dev.autolog.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU path. These machines have no GPU: the parser is tested on nvidia-smi's documented CSV form, and the
 * source runs a stand-in {@code nvidia-smi} script found on a PATH the test builds.
 */
class NvidiaSmiTest {
    private static final String TWO_GPUS = "0, 87, 10240, 40960, 250.50, 400.00\n"
            + "1, 0, 3, 16384, [N/A], [Not Supported]\n";

    @Test
    void eachGpuGetsMlflowsKeysWithMebibytesAsMegabytesAndPercentagesOfTotalAndLimit() {
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("gpu_0_utilization_percentage", 87.0);
        expected.put("gpu_0_memory_usage_megabytes", 10240 * 1048576.0 / 1e6);
        expected.put("gpu_0_memory_usage_percentage", 25.0);
        expected.put("gpu_0_power_usage_watts", 250.5);
        expected.put("gpu_0_power_usage_percentage", 100 * 250.5 / 400);
        expected.put("gpu_1_utilization_percentage", 0.0);
        expected.put("gpu_1_memory_usage_megabytes", 3 * 1048576.0 / 1e6);
        expected.put("gpu_1_memory_usage_percentage", 100.0 * 3 / 16384);
        assertEquals(expected, NvidiaSmiCsv.parse(TWO_GPUS));
    }

    @Test
    void malformedLinesAndErrorTextAreSkipped() {
        assertEquals(Map.of(), NvidiaSmiCsv.parse("NVIDIA-SMI has failed because it couldn't communicate with the "
                + "NVIDIA driver.\n"));
        assertEquals(Map.of(), NvidiaSmiCsv.parse("x, 1, 2, 3, 4, 5\n-1, 1, 2, 3, 4, 5\n0, 1, 2\n\n"));
        assertEquals(Map.of("gpu_2_utilization_percentage", 5.0), NvidiaSmiCsv.parse("2, 5, , 0, [N/A], 0\r\n"));
    }

    @Test
    void nvidiaSmiIsUsedOnlyWhenItIsAnExecutableOnThePath(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        assertNull(GpuSource.onPath(bin + ":" + dir.resolve("missing"), "nvidia-smi"));
        Path script = bin.resolve("nvidia-smi");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = \"--query-gpu=" + NvidiaSmiCsv.FIELDS + "\" ] || exit 3\n"
                + "printf '" + TWO_GPUS.replace("\n", "\\n") + "'\n");
        assertNull(GpuSource.onPath(bin.toString(), "nvidia-smi"), "not executable yet");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(script, GpuSource.onPath("/nonexistent:" + bin, "nvidia-smi"));

        Reading reading = new Reading();
        GpuSource.ifNvidiaSmiOnPath(bin.toString()).read(reading, 0);
        assertEquals(NvidiaSmiCsv.parse(TWO_GPUS), reading.gauges);
        assertTrue(GpuSource.ifNvidiaSmiOnPath("/nonexistent") != null);
    }

    @Test
    void aFailingNvidiaSmiTurnsTheSourceOffAfterOneTry(@TempDir Path dir) throws Exception {
        Path count = dir.resolve("count");
        Path script = dir.resolve("nvidia-smi");
        Files.writeString(script, "#!/bin/sh\necho x >> " + count + "\nexit 9\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        MetricSource gpu = GpuSource.ifNvidiaSmiOnPath(dir.toString());
        Reading reading = new Reading();
        gpu.read(reading, 0);
        gpu.read(reading, 0);
        assertEquals(Map.of(), reading.gauges);
        assertEquals(1, Files.readAllLines(count).size());
    }
}
