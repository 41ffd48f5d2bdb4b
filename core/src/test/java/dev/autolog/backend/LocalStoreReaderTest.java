package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreReaderTest {
    @TempDir
    Path dir;

    private static String id(int i) {
        return String.format("%032x", i);
    }

    @Test
    void nanAndInfinitiesAsMlflowWritesThemAreRead() {
        assertEquals(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN),
                List.of("1 nan 0", "1 inf 1", "1 -inf 2", "1 NaN 3").stream()
                        .map(line -> LocalStoreReader.parseMetric("loss", line).value()).toList());
    }

    @Test
    void lastPointsReadTheLastCompleteLineOfLongCurvesAndIgnoreOneBeingWritten() throws Exception {
        LocalStore store = new LocalStore(dir);
        store.createRun(new NewRun(id(1), "Default", "r", 1000, "me", Map.of()));
        List<Metric> curve = new ArrayList<>();
        for (int step = 0; step < 1000; step++) {
            curve.add(new Metric("loss", 1.0 / (step + 1), 5000 + step, step));
        }
        store.logBatch(id(1), curve, List.of(), List.of());
        store.logBatch(id(1), List.of(new Metric("acc", 0.5, 7000, 0)), List.of(), List.of());
        Files.writeString(dir.resolve("0").resolve(id(1)).resolve("metrics/acc"), "7001 0.9", StandardOpenOption.APPEND);

        Map<String, Metric> last = new LocalStoreReader(dir).lastPoints(id(1));

        assertEquals(Map.of("loss", new Metric("loss", 1.0 / 1000, 5999, 999), "acc", new Metric("acc", 0.5, 7000, 0)),
                last);
    }

    @Test
    void runsInParallelReadsWhatRunsReadsInTheSameOrder() throws Exception {
        LocalStore store = new LocalStore(dir);
        for (int i = 0; i < 200; i++) {
            store.createRun(new NewRun(id(i), "Default", "r" + i, 1000 + i % 7, "me", Map.of()));
        }
        LocalStoreReader reader = new LocalStoreReader(dir);
        assertEquals(reader.runs("0"), reader.runsInParallel("0"));
        assertEquals(200, reader.runsInParallel("0").size());
    }

    @Test
    void plantedFifosAndHugeFilesInARunAreSkippedWithoutBlockingOrFillingTheHeap() throws Exception {
        LocalStore store = new LocalStore(dir);
        for (int i = 0; i < 3; i++) {
            store.createRun(new NewRun(id(i), "Default", "r" + i, 1000 + i, "me", Map.of()));
            store.logBatch(id(i), List.of(), List.of(new Param("depth", "6"), new Param("eta", "0.3")), List.of());
        }
        Path experiment = dir.resolve("0");
        Path fifoMeta = experiment.resolve(id(0)).resolve("meta.yaml");
        Files.delete(fifoMeta);
        assertEquals(0, new ProcessBuilder("mkfifo", fifoMeta.toString()).start().waitFor());
        try (RandomAccessFile sparse = new RandomAccessFile(experiment.resolve(id(1)).resolve("meta.yaml").toFile(),
                "rw")) {
            sparse.setLength(16L << 30);
        }
        try (RandomAccessFile sparse = new RandomAccessFile(experiment.resolve(id(2)).resolve("params/eta").toFile(),
                "rw")) {
            sparse.setLength(3L << 20);
        }
        LocalStoreReader reader = new LocalStoreReader(dir);

        // a hang guard only: opening a FIFO nobody writes to would block for ever
        List<RunInfo> runs = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> reader.runs("0"));

        assertEquals(List.of(id(2)), runs.stream().map(RunInfo::runId).toList());
        assertEquals(Map.of("depth", "6"), reader.params(id(2)));
    }

    @Test
    void aMetaYamlOfAMillionContinuationLinesIsReadInLinearTime() throws Exception {
        LocalStore store = new LocalStore(dir);
        store.createRun(new NewRun(id(1), "Default", "plain", 1000, "me", Map.of()));
        store.createRun(new NewRun(id(2), "Default", "r", 2000, "me", Map.of()));
        Path meta = dir.resolve("0").resolve(id(2)).resolve("meta.yaml");
        // a plain scalar folded over 690,000 lines (2 MiB, the most read): joined one line at a time, it took minutes
        Files.writeString(meta, Files.readString(meta).replace("run_name: r\n", "run_name: r\n" + " b\n".repeat(690_000)));

        List<RunInfo> runs = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new LocalStoreReader(dir).runs("0"));

        assertEquals(List.of(id(2), id(1)), runs.stream().map(RunInfo::runId).toList());
        assertEquals("r" + " b".repeat(690_000), runs.get(0).runName());
        assertEquals(Map.of("a", "xy\\ z", "b", "p q"), YamlMeta.parse("a: \"x\\\n  y\\\\\n  z\"\nb: p\n  q\n"));
    }
}
