package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autolog.RunStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
