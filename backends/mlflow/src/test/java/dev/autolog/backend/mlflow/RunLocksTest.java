package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.logging.Said;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLocksTest {
    private static final String RUN = "a".repeat(32);
    private static final String PLANTED = "f".repeat(32);

    @TempDir
    Path dir;

    @Test
    void theLockFileOfADoneRunIsRemovedAndTheRunCanBeLockedAgain() throws Exception {
        Path file = dir.resolve(RUN + ".lock");
        try (RunLocks locks = new RunLocks(dir); RunLocks other = new RunLocks(dir)) {
            assertTrue(locks.tryLock(RUN));
            assertTrue(Files.isRegularFile(file));
            assertFalse(other.tryLock(RUN));

            locks.releaseDone(RUN);

            assertFalse(Files.exists(file));
            assertTrue(other.tryLock(RUN));
        }
    }

    /** Opening a FIFO to write blocks until someone reads it: the shipper thread would wait for good. */
    @Test
    void aLockPathThatIsAFifoIsSaidOnceAndNeverOpened() throws Exception {
        Path fifo = dir.resolve(PLANTED + ".lock");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        try (RunLocks locks = new RunLocks(dir)) {
            String said = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Said.text(() -> {
                assertFalse(locks.tryLock(PLANTED));
                assertFalse(locks.tryLock(PLANTED));
            }));
            assertEquals(1, said.lines().count(), said);
            assertTrue(said.contains("is not a regular file; run " + PLANTED + " is not sent"), said);

            assertTrue(locks.tryLock(RUN));
            assertTrue(Files.isRegularFile(dir.resolve(RUN + ".lock")));
        }
    }
}
