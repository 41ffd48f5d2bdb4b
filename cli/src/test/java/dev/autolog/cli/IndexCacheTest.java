package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store index's on-disk cache: a new process starts from it, and a bad one is rebuilt, never believed. */
class IndexCacheTest {
    static final String ENDED = "0123456789abcdef0123456789abcdef";
    static final String RUNNING = "fedcba9876543210fedcba9876543210";

    @TempDir
    Path dir;
    Path root;
    Path cacheDir;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void storeWithAnEndedAndARunningRun() throws Exception {
        root = dir.resolve("mlruns");
        cacheDir = dir.resolve("cache");
        write(root);
    }

    static void write(Path root) throws Exception {
        LocalStore writer = new LocalStore(root);
        writer.createRun(new NewRun(ENDED, "Default", "ended", 1000, "me", Map.of("mlflow.autologging", "xgboost")));
        writer.logBatch(ENDED, List.of(new Metric("test-auc", 0.7, 1000, 0), new Metric("test-auc", 0.9, 1001, 1),
                new Metric("test-auc", 0.8, 1002, 2), new Metric("loss", Double.NaN, 1000, 0)),
                List.of(new Param("max_depth", "6"), new Param("nested/eta", "0.1")), List.of(new Tag("t", "v")));
        writer.endRun(ENDED, RunStatus.FINISHED, 5000);
        writer.createRun(new NewRun(RUNNING, "Default", "running", 2000, "me", Map.of()));
        writer.logBatch(RUNNING, List.of(new Metric("loss", 0.3, 2000, 0)), List.of(), List.of());
        StoreIndexTest.ageAll(root);
    }

    StoreIndex index(boolean cached) {
        return new StoreIndex(root, new LocalStoreReader(root), cached ? cache(root) : null, 0, warnings::add);
    }

    IndexCache cache(Path store) {
        return new IndexCache(cacheDir, store, warnings::add);
    }

    static Map<String, RunSummary> summaries(StoreIndex index) {
        index.refresh();
        Map<String, RunSummary> out = new TreeMap<>();
        index.snapshot().byExperiment().values().forEach(e -> e.byName().values()
                .forEach(r -> out.put(r.run().runId(), r.summary())));
        return out;
    }

    @Test
    void aNewProcessStartsFromTheCacheAndSeesWhatAFreshScanSees() {
        StoreIndex first = index(true);
        first.refresh();
        assertTrue(Files.isRegularFile(cache(root).file("0")));

        StoreIndex second = index(true);
        Map<String, RunSummary> fromCache = summaries(second);

        assertEquals(summaries(index(false)), fromCache);
        assertEquals(0.8, fromCache.get(ENDED).metrics().get("test-auc").latest());
        assertEquals(0.9, fromCache.get(ENDED).metrics().get("test-auc").best());
        assertEquals(StoreIndexTest.run(first, ENDED).stamp(), StoreIndexTest.run(second, ENDED).stamp(),
                "the ended run came from the cache, not read again");
        assertEquals(List.of(), warnings);
    }

    @Test
    void pointsAppendedToARunningRunAreSeenByEachNewProcessWithoutTheCacheFileWrittenUntilTheyOutgrowItOrTheRunEnds()
            throws Exception {
        index(true).refresh();
        Path file = cache(root).file("0");
        byte[] written = Files.readAllBytes(file);
        FileTime writtenAt = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        Files.setLastModifiedTime(file, writtenAt);
        Files.writeString(root.resolve("0").resolve(RUNNING).resolve("metrics/loss"), "2001 0.2 1\n",
                StandardOpenOption.APPEND);

        for (int process = 0; process < 2; process++) {
            MetricStats loss = summaries(index(true)).get(RUNNING).metrics().get("loss");
            assertEquals(List.of(0.2, 1L, 2), List.of(loss.latest(), loss.latestStep(), loss.count()));
            assertArrayEquals(written, Files.readAllBytes(file));
            assertEquals(writtenAt, Files.getLastModifiedTime(file));
        }

        StringBuilder more = new StringBuilder();
        for (int step = 2; more.length() <= written.length; step++) {
            more.append("2002 0.1 ").append(step).append('\n');
        }
        Files.writeString(root.resolve("0").resolve(RUNNING).resolve("metrics/loss"), more,
                StandardOpenOption.APPEND);
        assertEquals(0.1, summaries(index(true)).get(RUNNING).metrics().get("loss").latest());
        assertNotEquals(writtenAt, Files.getLastModifiedTime(file), "grown by more than the file: written");

        Files.setLastModifiedTime(file, writtenAt);
        new LocalStore(root).endRun(RUNNING, RunStatus.FINISHED, 3000);
        assertEquals(RunStatus.FINISHED, summaries(index(true)).get(RUNNING).run().status());
        assertNotEquals(writtenAt, Files.getLastModifiedTime(file), "an ended run's entry is written");
        assertEquals(RunStatus.FINISHED, summaries(index(true)).get(RUNNING).run().status());
        assertEquals(List.of(), warnings);
    }

    @Test
    void aCacheWhoseListingNamesAFolderOutsideTheExperimentIsRebuiltAndThatFolderNeverRead() throws Exception {
        String evil = "0123456789abcdef0123456789abcd00";
        new LocalStore(dir.resolve("elsewhere")).createRun(new NewRun(evil, "Default", "evil", 3000, "me", Map.of()));
        StoreIndex first = index(true);
        first.refresh();
        StoreIndex.ExperimentRuns good = first.snapshot().byExperiment().get("0");
        List<String> names = new ArrayList<>(good.names());
        names.add("../../elsewhere/0/" + evil); // the CRC of a file written this way is right
        cache(root).save(StoreIndex.ExperimentRuns.of("0", good.dirTime(), good.listedAtMillis(), List.copyOf(names),
                good.byName()));
        warnings.clear();

        assertEquals(summaries(index(false)), summaries(index(true)));
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("it names a folder outside the experiment's: ../../elsewhere/0/" + evil),
                warnings.get(0));
    }

    @Test
    void aCorruptTruncatedOrForeignCacheIsRebuiltWithOneLineAndGivesWhatAFreshScanGives() throws Exception {
        Map<String, RunSummary> fresh = summaries(index(false));
        index(true).refresh();
        Path file = cache(root).file("0");
        byte[] good = Files.readAllBytes(file);
        Path other = dir.resolve("other-mlruns");
        write(other);
        new StoreIndex(other, new LocalStoreReader(other), cache(other), 0, warnings::add).refresh();
        byte[] foreign = Files.readAllBytes(cache(other).file("0"));
        byte[] garbage = new byte[good.length];
        new Random(7).nextBytes(garbage);
        byte[] trailing = Arrays.copyOf(good, good.length + 3);
        byte[] flipped = good.clone();
        flipped[good.length - 9] ^= 1; // in the last metric's best value
        byte[] badTable = good.clone();
        // the high byte of where the second string ends: past the end of the file
        badTable[16 + 4 + root.toString().getBytes(StandardCharsets.UTF_8).length + 4 + 1 + 4 + 2 * 4] ^= 0x40;

        for (byte[] bad : List.of(garbage, Arrays.copyOf(good, good.length / 2), new byte[0], trailing, foreign,
                flipped, badTable)) {
            Files.write(file, bad);
            warnings.clear();
            assertEquals(fresh, summaries(index(true)));
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).startsWith("the run index cache " + file + " is unreadable ("), warnings.get(0));
            assertTrue(warnings.get(0).endsWith("); rebuilding it from the store"), warnings.get(0));

            warnings.clear();
            assertEquals(fresh, summaries(index(true)));
            assertEquals(List.of(), warnings, "the rebuilt cache is read without complaint");
        }
    }
}
