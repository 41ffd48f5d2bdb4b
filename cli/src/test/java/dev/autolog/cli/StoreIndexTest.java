package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.ExperimentInfo;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import dev.autolog.backend.RunInfo;
import dev.autolog.backend.StoreLifecycle;
import dev.autolog.backend.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI's store index on real files: each refresh sees what changed, and reads only that. */
class StoreIndexTest {
    static final String OLD = "0000000000000000000000000000000a";
    static final String LIVE = "0000000000000000000000000000000b";
    static final String ENDING = "0000000000000000000000000000000c";
    static final String DELETED = "0000000000000000000000000000000d";
    static final String REMOVED = "0000000000000000000000000000000e";
    static final String UNTOUCHED = "0000000000000000000000000000000f";
    static final String ELSEWHERE = "00000000000000000000000000000010";
    static final String NEW = "00000000000000000000000000000011";

    @TempDir
    Path root;
    LocalStore writer;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void storeWrittenAnHourAgo() throws Exception {
        writer = new LocalStore(root);
        for (String id : List.of(OLD, LIVE, ENDING, DELETED, REMOVED, UNTOUCHED)) {
            writer.createRun(new NewRun(id, "Default", "run-" + id.substring(30), 1000 + id.hashCode() % 100, "me",
                    Map.of()));
            writer.logBatch(id, List.of(new Metric("loss", 0.5, 1000, 0), new Metric("loss", 0.4, 1001, 1)),
                    List.of(new Param("max_depth", "3")), List.of(new Tag("team", "a")));
        }
        for (String id : List.of(OLD, DELETED, REMOVED, UNTOUCHED)) {
            writer.endRun(id, RunStatus.FINISHED, 2000);
        }
        writer.createRun(new NewRun(ELSEWHERE, "Other", "elsewhere", 1500, "me", Map.of()));
        writer.endRun(ELSEWHERE, RunStatus.FINISHED, 2000);
        ageAll(root);
    }

    /** Sets every file's and folder's time an hour back, as a store written earlier has. */
    static void ageAll(Path dir) throws IOException {
        FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.setLastModifiedTime(p, hourAgo);
            }
        }
    }

    StoreIndex index() {
        return new StoreIndex(root, new LocalStoreReader(root), null, 0, warnings::add);
    }

    static IndexedRun run(StoreIndex index, String id) {
        return index.snapshot().byExperiment().values().stream().flatMap(e -> e.byName().values().stream()).filter(r -> r.run().runId().equals(id)).findFirst()
                .orElse(null);
    }

    @Test
    void aNewRunAMetricATagAnEndADeletionARemovalAndATrashedExperimentShowAfterOneRefresh() throws Exception {
        StoreIndex index = index();
        index.refresh();
        assertEquals(7, index.snapshot().allNewestFirst().size());
        IndexedRun untouched = run(index, UNTOUCHED);
        String other = new LocalStoreReader(root).experiments().stream().filter(e -> e.name().equals("Other"))
                .map(ExperimentInfo::id).findFirst().orElseThrow();

        writer.createRun(new NewRun(NEW, "Default", "new", 3000, "me", Map.of()));
        writer.logBatch(LIVE, List.of(new Metric("loss", 0.25, 1002, 2)), List.of(), List.of(new Tag("team", "b")));
        writer.logBatch(OLD, List.of(), List.of(), List.of(new Tag("team", "c")));
        writer.endRun(ENDING, RunStatus.FAILED, 4000);
        RunInfo deleted = new LocalStoreReader(root).run(DELETED).orElseThrow();
        new StoreLifecycle(root).deleteRun(deleted, 4000);
        deleteTree(root.resolve("0").resolve(REMOVED));
        new StoreLifecycle(root).deleteExperiment(other, 4000);
        index.refresh();

        assertEquals(List.of(NEW, ENDING, LIVE, DELETED, OLD, UNTOUCHED).stream().sorted().toList(),
                index.snapshot().allNewestFirst().stream().map(RunInfo::runId).sorted().toList());
        assertEquals("new", run(index, NEW).run().runName());
        MetricStats loss = run(index, LIVE).stats().get("loss");
        assertEquals(List.of(0.25, 2L, 0.25, 3), List.of(loss.latest(), loss.latestStep(), loss.best(),
                loss.count()));
        assertEquals("b", run(index, LIVE).tags().get("team"));
        assertEquals("c", run(index, OLD).tags().get("team"));
        assertEquals(RunStatus.FAILED, run(index, ENDING).run().status());
        assertEquals("deleted", run(index, DELETED).run().lifecycleStage());
        assertEquals(List.of("0"), index.snapshot().experiments().stream().map(ExperimentInfo::id).toList());
        assertSame(untouched, run(index, UNTOUCHED), "an unchanged ended run is not read again");
        assertEquals(List.of(), warnings);
    }

    @Test
    void aFollowedRefreshChecksTheSettledEndedRunsOneSliceAtATimeAndSeesAChangeWithinOneSweep() throws Exception {
        StoreIndex index = index();
        index.refresh();
        // six runs in experiment 0, three checked a refresh: two slices; OLD is the first, UNTOUCHED the last
        writer.logBatch(OLD, List.of(), List.of(), List.of(new Tag("team", "c")));
        writer.logBatch(UNTOUCHED, List.of(), List.of(), List.of(new Tag("team", "d")));
        writer.logBatch(LIVE, List.of(), List.of(), List.of(new Tag("team", "e")));
        index.refresh(3);
        List<String> seen = List.of(run(index, OLD).tags().get("team"), run(index, UNTOUCHED).tags().get("team"),
                run(index, LIVE).tags().get("team"));
        assertTrue(seen.equals(List.of("c", "a", "e")) || seen.equals(List.of("a", "d", "e")), seen.toString());
        index.refresh(3);
        assertEquals(List.of("c", "d", "e"), List.of(run(index, OLD).tags().get("team"),
                run(index, UNTOUCHED).tags().get("team"), run(index, LIVE).tags().get("team")));
        assertEquals(List.of(), warnings);
    }

    @Test
    void pointsAppendedToARunningRunAreReadFromWhereTheLastReadingStoppedAndAHalfLineWaits() throws Exception {
        StoreIndex index = index();
        index.refresh();
        Path loss = root.resolve("0").resolve(LIVE).resolve("metrics/loss");
        Files.writeString(loss, "1003 0.1", StandardOpenOption.APPEND);
        index.refresh();
        assertEquals(List.of(0.4, 2), List.of(run(index, LIVE).stats().get("loss").latest(),
                run(index, LIVE).stats().get("loss").count()));
        Files.writeString(loss, " 7\n", StandardOpenOption.APPEND);
        index.refresh();
        assertEquals(List.of(0.1, 7L, 3), List.of(run(index, LIVE).stats().get("loss").latest(),
                run(index, LIVE).stats().get("loss").latestStep(), run(index, LIVE).stats().get("loss").count()));

        Files.writeString(loss, "5 0.9 1\n"); // rewritten shorter: read again from the start
        index.refresh();
        assertEquals(List.of(0.9, 1), List.of(run(index, LIVE).stats().get("loss").latest(),
                run(index, LIVE).stats().get("loss").count()));
    }

    @Test
    void hostileRunsAreSkippedWithOneLineOrReadOnlyInsideTheirFolders() throws Exception {
        Path broken = root.resolve("0").resolve("fedcba9876543210fedcba9876543210");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("meta.yaml"), "run_id: [\n");
        Path outside = Files.writeString(root.getParent().resolve(root.getFileName() + "-secret"),
                "1 42.0 0\n");
        Path live = root.resolve("0").resolve(LIVE);
        Files.createSymbolicLink(live.resolve("metrics/stolen"), outside);
        Files.createSymbolicLink(live.resolve("tags/stolen"), outside);
        Files.writeString(live.resolve("params/huge"), "x".repeat(RunDirReader.MAX_TEXT_BYTES * 3));
        StoreIndex index = index();
        index.refresh();
        index.refresh();

        assertEquals(List.of("skipped " + broken + ": its meta.yaml names run '[', not its folder's name"),
                warnings);
        assertFalse(run(index, LIVE).stats().containsKey("stolen"));
        assertFalse(run(index, LIVE).tags().containsKey("stolen"));
        assertEquals(RunDirReader.MAX_TEXT_BYTES, run(index, LIVE).params().get("huge").length());
        assertTrue(run(index, OLD) != null && run(index, LIVE) != null);
    }

    /**
     * A params folder swapped for a link outside, and back, while the run is read for the index: a param's value is
     * never read from outside the run (a check of the path followed by an opening of the path again let a swap in
     * between lead anywhere).
     */
    @Test
    void aParamsFolderSwappedForALinkOutsideWhileTheRunIsReadNeverShowsAnOutsideFile() throws Exception {
        Path live = root.resolve("0").resolve(LIVE);
        Path race = Files.createDirectory(live.resolve("params/race"));
        Files.writeString(race.resolve("secret"), "inside");
        Path outside = Files.createDirectories(root.getParent().resolve(root.getFileName() + "-outside"));
        Files.writeString(outside.resolve("secret"), "OUTSIDE-SECRET");
        Map<String, Integer> seen = new TreeMap<>();
        try (FolderSwap swap = new FolderSwap(race, outside)) {
            for (int i = 0; i < 2_000; i++) {
                String value;
                try {
                    value = String.valueOf(RunDirReader.read(live, "0", null,
                            RunStamp.of(live, System.currentTimeMillis())).orElseThrow().params().get("race/secret"));
                } catch (IOException listedThenMoved) {
                    value = "null"; // the index skips the run this time and reads it at its next refresh
                }
                seen.merge(value, 1, Integer::sum);
            }
        }
        assertEquals(List.of(), seen.keySet().stream().filter(v -> !v.equals("inside") && !v.equals("null")).toList(),
                seen::toString);
        assertTrue(seen.getOrDefault("inside", 0) > 0, seen::toString);
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
