package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.backend.LocalStore;
import dev.autolog.backend.NewRun;
import dev.autolog.run.WriterProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RUNNING run whose writer JVM was killed is STALE in {@code runs list} and the UI's runs, and {@code runs end}
 * ends it; one written on another host never is.
 */
class StaleRunTest {
    static final String KILLED = "0123456789abcdef0123456789abcdef";
    static final String ELSEWHERE = "fedcba9876543210fedcba9876543210";

    @TempDir
    Path store;

    /** The writer: a JVM that waits to be killed. */
    public static final class Writer {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(TimeUnit.MINUTES.toMillis(10));
        }
    }

    @Test
    void aRunWhoseJvmWasKilledIsStaleInTheListAndTheUiAndRunsEndEndsIt() throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Writer.class.getName()).start();
        try {
            LocalStore local = new LocalStore(store);
            long now = System.currentTimeMillis();
            String pid = Long.toString(writer.pid());
            local.createRun(new NewRun(KILLED, "Default", "killed", now, "me", Map.of(WriterProcess.PID_TAG, pid,
                    WriterProcess.HOST_TAG, WriterProcess.host())));
            local.createRun(new NewRun(ELSEWHERE, "Default", "elsewhere", now - 1, "me", Map.of(
                    WriterProcess.PID_TAG, pid, WriterProcess.HOST_TAG, WriterProcess.host() + "-elsewhere")));

            assertEquals("killed RUNNING\nelsewhere RUNNING\n", statuses(Printed.run(RunsCommand.command(), store,
                    "list")));

            writer.destroyForcibly().waitFor();
            Printed list = Printed.run(RunsCommand.command(), store, "list");
            assertEquals("killed STALE\nelsewhere RUNNING\n", statuses(list));
            assertEquals("autolog: killed (" + KILLED + ") is STALE: RUNNING in the store, but the process that wrote"
                    + " it is gone; end it with: runs end " + KILLED + " --status KILLED\n", list.err());
            String api = new String(new UiApi(new Store(store, w -> { }).indexed(0)).answer("runs", Map.of()).body(),
                    StandardCharsets.UTF_8);
            assertTrue(api.contains("\"run_id\":\"" + KILLED + "\",\"run_name\":\"killed\",\"experiment_id\":\"0\","
                    + "\"status\":\"RUNNING\",\"stale\":true"), api);
            assertTrue(api.contains("\"run_name\":\"elsewhere\",\"experiment_id\":\"0\",\"status\":\"RUNNING\","
                    + "\"stale\":false"), api);

            assertEquals("ended killed (" + KILLED + ") KILLED\n", Printed.run(RunsCommand.command(), store, "end",
                    KILLED, "--status", "KILLED").out());
            assertEquals("killed KILLED\nelsewhere RUNNING\n", statuses(Printed.run(RunsCommand.command(), store,
                    "list")));
        } finally {
            writer.destroyForcibly();
        }
    }

    /** Name and status of each row of the runs table. */
    private static String statuses(Printed list) {
        StringBuilder out = new StringBuilder();
        list.out().lines().skip(1).forEach(l -> {
            String[] cells = l.trim().split("\\s{2,}");
            out.append(cells[1]).append(' ').append(cells[2]).append('\n');
        });
        return out.toString();
    }
}
