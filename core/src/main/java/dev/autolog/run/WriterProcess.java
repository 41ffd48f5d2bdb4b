package dev.autolog.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The process that writes a run, recorded at run start as the tags {@code autolog.pid} and {@code autolog.host}
 * (tags, so that the record is plain MLflow data in a local store and on a tracking server alike), and the question
 * a reader asks later: is a run still RUNNING because its writer is, or because its writer was killed?
 */
public final class WriterProcess {
    public static final String PID_TAG = "autolog.pid";
    public static final String HOST_TAG = "autolog.host";
    /** The clock a process start time is read from ticks coarsely; a run starts well after its JVM anyway. */
    private static final long START_SLACK_MILLIS = 1000;
    private static final String UNKNOWN = "unknown";
    private static volatile String host;

    private WriterProcess() {
    }

    /** The tags recording this process as the writer of the runs it starts. */
    static Map<String, String> tags() {
        return Map.of(PID_TAG, Long.toString(ProcessHandle.current().pid()), HOST_TAG, host());
    }

    /**
     * Whether the run's writer is known to be gone: it was written on this host by a process that no longer exists,
     * or whose pid now belongs to a process started after the run. False when that cannot be told (no tags, another
     * host, garbage in the tags).
     */
    public static boolean isGone(Map<String, String> runTags, long runStartMillis) {
        String pidText = runTags.get(PID_TAG);
        if (pidText == null || host().equals(UNKNOWN) || !host().equals(runTags.get(HOST_TAG))
                || !pidText.matches("[0-9]{1,18}")) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(pidText));
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        return started.isPresent() && started.get().toEpochMilli() > runStartMillis + START_SLACK_MILLIS;
    }

    /** The kernel's host name where there is one to read (no name service asked), else the JDK's. */
    public static String host() {
        String h = host;
        if (h == null) {
            h = readHost();
            host = h;
        }
        return h;
    }

    private static String readHost() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String name = Files.readString(kernel, StandardCharsets.UTF_8).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
