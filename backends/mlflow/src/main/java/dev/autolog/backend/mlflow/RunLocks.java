package dev.autolog.backend.mlflow;

import dev.autolog.logging.Diagnostics;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shipper per run across processes: a JVM still writing a run, another JVM replaying the same spool and the
 * sync command must not send it twice. A lock is held from the first pass until the run is done or the JVM ends.
 */
final class RunLocks implements AutoCloseable {
    private final Path dir;
    private final Map<String, FileLock> held = new ConcurrentHashMap<>();

    RunLocks(Path dir) {
        this.dir = dir;
    }

    /**
     * True when this process holds (or now took) the lock of {@code runId}. A lock path that is there but no regular
     * file (a FIFO would block the opening thread for good) is said once and never opened: the run is not sent.
     */
    boolean tryLock(String runId) {
        if (held.containsKey(runId)) {
            return true;
        }
        try {
            Files.createDirectories(dir);
            Path file = file(runId);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Diagnostics.warnOnce("lock:" + file, "the lock file " + ErrorText.clean(file.toString(), List.of())
                        + " is not a regular file; run " + runId + " is not sent until it is removed");
                return false;
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                return false;
            }
            held.put(runId, lock);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    void release(String runId) {
        FileLock lock = held.remove(runId);
        if (lock != null) {
            close(lock);
        }
    }

    /**
     * Releases the lock of a run whose done state is saved, and removes its file, which would otherwise stay for
     * good, one per run. Removed while still locked: a process that opened the file before sees the done state once
     * it gets the lock, as does one that creates the file anew, so neither sends the run again.
     */
    void releaseDone(String runId) {
        FileLock lock = held.remove(runId);
        if (lock != null) {
            try {
                Files.deleteIfExists(file(runId));
            } catch (IOException e) {
                Diagnostics.debug("removing the lock file of run " + runId + ": " + e);
            }
            close(lock);
        }
    }

    private Path file(String runId) {
        return dir.resolve(runId + ".lock");
    }

    private static void close(FileLock lock) {
        try {
            lock.channel().close();
        } catch (IOException ignored) {
            // closing the channel releases the lock either way
        }
    }

    @Override
    public void close() {
        held.keySet().forEach(this::release);
    }
}
