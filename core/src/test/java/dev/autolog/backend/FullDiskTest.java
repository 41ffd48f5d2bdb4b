package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autolog.RunStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a real file system that fills up: a 512 KiB tmpfs, mounted when the tests run as root (CI does);
 * skipped elsewhere.
 */
class FullDiskTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;
    private Path mount;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        mount = Files.createDirectories(tmp.resolve("small"));
        boolean mounted = "root".equals(System.getProperty("user.name"))
                && new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mount.toString())
                        .redirectErrorStream(true).start().waitFor() == 0;
        assumeTrue(mounted, "a tmpfs can be mounted only as root");
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", mount.toString()).redirectErrorStream(true).start().waitFor();
    }

    /** Writes until the file system says it is full. */
    private void fill() throws IOException {
        try (OutputStream out = Files.newOutputStream(mount.resolve("ballast"))) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            assertTrue(String.valueOf(full.getMessage()).contains("No space left on device"), full.toString());
        }
    }

    @Test
    void aRunCreatedBeforeTheDiskFilledIsStillEndedWithItsStatusAndWhatWasLostIsCounted() throws IOException {
        LocalStore store = new LocalStore(mount.resolve("mlruns"));
        store.createRun(new NewRun(RUN, null, "r", 1L, "u", Map.of()));
        store.logBatch(RUN, List.of(new Metric("loss", 1, 1, 0)), List.of(), List.of());
        fill();

        ValuesNotStoredException lost = assertThrows(ValuesNotStoredException.class, () -> store.logBatch(RUN,
                List.of(new Metric("accuracy", 0.5, 2, 1), new Metric("accuracy", 0.6, 3, 2)),
                List.of(new Param("depth", "3")), List.of()));
        assertEquals(3, lost.values());
        assertTrue(lost.getMessage().contains("No space left on device"), lost.getMessage());

        store.endRun(RUN, RunStatus.FINISHED, 42L);

        RunInfo run = new LocalStoreReader(mount.resolve("mlruns")).run(RUN).orElseThrow();
        assertEquals(RunStatus.FINISHED, run.status());
        assertEquals(42L, run.endTime());
        assertEquals("r", run.runName());
    }

    /**
     * A batch the disk has room for only part of: what was written of it is cut back, so the file holds no torn line,
     * the count of values not stored is exact, and once space is back the next point lands whole after the last one.
     */
    @Test
    void aWriteTheDiskHadRoomForOnlyPartOfLeavesNoTornLineAndTheNextPointLandsWhole() throws IOException {
        Path mlruns = mount.resolve("mlruns");
        LocalStore store = new LocalStore(mlruns);
        store.createRun(new NewRun(RUN, null, "r", 1L, "u", Map.of()));
        store.logBatch(RUN, List.of(new Metric("loss", 0.5, 1, 0)), List.of(), List.of());
        fill();
        try (FileChannel ballast = FileChannel.open(mount.resolve("ballast"), StandardOpenOption.WRITE)) {
            ballast.truncate(ballast.size() - 8192); // room for part of the next batch only
        }
        List<Metric> batch = new ArrayList<>();
        for (int i = 1; i <= 2000; i++) {
            batch.add(new Metric("loss", i + 0.25, 1000L + i, i));
        }

        ValuesNotStoredException lost = assertThrows(ValuesNotStoredException.class,
                () -> store.logBatch(RUN, batch, List.of(), List.of()));
        assertEquals(2000, lost.values());
        Files.delete(mount.resolve("ballast"));
        store.logBatch(RUN, List.of(new Metric("loss", 7.5, 9000, 2001)), List.of(), List.of());
        store.close(); // its open metric file would keep the tmpfs busy

        assertEquals(List.of(new Metric("loss", 0.5, 1, 0), new Metric("loss", 7.5, 9000, 2001)),
                new LocalStoreReader(mlruns).metrics(RUN).get("loss"));
        try (var runs = Files.walk(mlruns)) {
            Path file = runs.filter(p -> p.endsWith("metrics/loss")).findFirst().orElseThrow();
            assertEquals("1 0.5 0\n9000 7.5 2001\n", Files.readString(file));
        }
    }
}
