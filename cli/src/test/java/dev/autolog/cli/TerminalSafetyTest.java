package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.backend.LocalStore;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.logging.TerminalText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands on a store whose names, keys and values carry terminal control sequences. */
class TerminalSafetyTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";
    private static final String OTHER = "fedcba9876543210fedcba9876543210";
    /** Retitles the window, rings the bell, returns the cursor and forges a line; then reverses text. */
    private static final String HOSTILE = "evil\u001b]0;pwned\u0007\r\nFAKE\u202eexe.txt\u009b2J\u007f\t";
    private static final String ESCAPED = "evil\\e]0;pwned\\x07\\r\\nFAKE\\u202eexe.txt\\u009b2J\\x7f\\t";

    @TempDir
    Path dir;
    private Path store;

    @BeforeEach
    void storeWithHostileNames() throws Exception {
        store = dir.resolve("mlruns");
        LocalStore writer = new LocalStore(store);
        writer.createRun(new NewRun(RUN, "Default", HOSTILE, 1000, "me", Map.of()));
        writer.createRun(new NewRun(OTHER, "Default", "plain", 2000, "me", Map.of()));
        Path run = store.resolve("0").resolve(RUN);
        Files.writeString(run.resolve("params").resolve("p" + HOSTILE), "v" + HOSTILE);
        Files.writeString(run.resolve("tags").resolve("t" + HOSTILE), "v" + HOSTILE);
        writer.logBatch(RUN, List.of(new Metric("loss", 0.5, 1000, 0)), List.of(), List.of());
        Files.move(run.resolve("metrics/loss"), run.resolve("metrics").resolve("m" + HOSTILE));
        Path experiment = store.resolve("0/meta.yaml");
        Files.writeString(experiment, Files.readString(experiment).replace("name: Default",
                "name: \"Default\\e[2J\\a\""));
    }

    private String[] run(Command command, String... args) {
        Printed p = Printed.run(command, store, args);
        return new String[] {p.out(), p.err()};
    }

    private static void assertNoRawControls(String printed) {
        for (String line : printed.split("\n", -1)) {
            for (char c : line.toCharArray()) {
                assertTrue(c >= 0x20 && c != 0x7f && !TerminalText.isInvisibleControl(c),
                        String.format("U+%04x in %s", (int) c, line));
            }
        }
    }

    @Test
    void namesKeysAndValuesArePrintedEscapedInEveryCommand() {
        String show = run(RunsCommand.command(), "show", RUN)[0];
        assertNoRawControls(show);
        assertTrue(show.startsWith("Run         " + ESCAPED + " (" + RUN + ")\n"), show);
        assertTrue(show.contains("p" + ESCAPED.substring(0, 39 - 1) + "…"), show);
        assertTrue(show.contains("m" + ESCAPED.substring(0, 39 - 1) + "…"), show);
        String list = run(RunsCommand.command(), "list")[0];
        assertNoRawControls(list);
        assertTrue(list.contains(RUN.substring(0, 8) + "  " + ESCAPED.substring(0, 39) + "…"), list);
        String compare = run(RunsCommand.command(), "compare", RUN, OTHER)[0];
        assertNoRawControls(compare);
        assertTrue(compare.contains(ESCAPED.substring(0, 39)), compare);
        String experiments = run(ExperimentsCommand.command(), "list")[0];
        assertNoRawControls(experiments);
        assertTrue(experiments.contains("Default\\e[2J\\x07"), experiments);
    }

    @Test
    void errorMessagesQuotingTheUsersInputAreEscaped() {
        String[] missing = run(RunsCommand.command(), "show", "no\u001b[2Jsuch");
        assertEquals("", missing[0]);
        assertTrue(missing[1].startsWith("autolog: no run 'no\\e[2Jsuch' in "), missing[1]);
        assertNoRawControls(missing[1]);
        String[] unknown = run(RunsCommand.command(), "fr\u0007ob");
        assertTrue(unknown[1].startsWith("autolog: unknown command 'runs fr\\x07ob'"), unknown[1]);
    }

    @Test
    void jsonStaysValidAndEscapesEveryControl() {
        String json = run(RunsCommand.command(), "show", RUN, "--json")[0];
        assertNoRawControls(json.strip());
        assertTrue(json.contains("\"run_name\":\"evil\\u001b]0;pwned\\u0007\\u000d\\u000aFAKE\\u202eexe.txt\\u009b2J"
                + "\\u007f\\u0009\""), json);
    }
}
