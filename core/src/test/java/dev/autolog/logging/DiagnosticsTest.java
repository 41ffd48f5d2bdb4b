package dev.autolog.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {
    /** NUL, ESC (a "clear screen" sequence), BEL, DEL, a C1 control and a right-to-left override. */
    private static final String HOSTILE = "exp\u0000eri\u001b[2Jment\u0007\u007f\u009b\u202e";
    private static final String ESCAPED = "exp\\x00eri\\e[2Jment\\x07\\x7f\\u009b\\u202e";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream before;

    @BeforeEach
    void capture() {
        before = Diagnostics.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        Diagnostics.setOutput(before);
        Diagnostics.setDebug(false);
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void everyOutputMethodShowsControlCharactersEscaped() {
        Diagnostics.warn("unknown key " + HOSTILE);
        Diagnostics.warnOnce("test:" + HOSTILE, "once " + HOSTILE);
        Diagnostics.backendError("test:" + HOSTILE, "cannot write " + HOSTILE);
        Diagnostics.hookError("test " + HOSTILE, new IllegalStateException(HOSTILE));
        Diagnostics.setDebug(true);
        Diagnostics.debug("debug " + HOSTILE);
        Diagnostics.instrumentationError("Type" + HOSTILE, new IllegalStateException("x"));

        List<String> lines = lines();
        assertEquals(List.of("autolog: unknown key " + ESCAPED, "autolog: once " + ESCAPED,
                "autolog: cannot write " + ESCAPED,
                "autolog: internal error in test " + ESCAPED + " (java.lang.IllegalStateException: " + ESCAPED
                        + "); training continues; set autolog.debug=true for details",
                "autolog [debug]: debug " + ESCAPED,
                "autolog [debug]: could not instrument Type" + ESCAPED + ": java.lang.IllegalStateException: x",
                "java.lang.IllegalStateException: x"), lines.subList(0, 7));
        for (String line : lines) {
            assertTrue(line.chars().allMatch(c -> c >= 0x20 && c != 0x7f && !TerminalText.isInvisibleControl((char) c)),
                    line);
        }
    }

    @Test
    void aDebugStackTraceIsEscapedLineByLine() {
        Diagnostics.setDebug(true);
        Diagnostics.hookError("advice", new IllegalArgumentException("key " + HOSTILE));

        List<String> lines = lines();
        assertEquals("autolog [debug]: error in advice: java.lang.IllegalArgumentException: key " + ESCAPED,
                lines.get(0));
        assertEquals("java.lang.IllegalArgumentException: key " + ESCAPED, lines.get(1));
        assertTrue(lines.get(2).startsWith("    at dev.autolog.logging.DiagnosticsTest."), lines.get(2));
    }

    @Test
    void aLineLongerThanFourThousandCharactersIsCutSayingItsLength() {
        Diagnostics.warn("x".repeat(1_000_000));

        assertEquals(List.of("autolog: " + "x".repeat(3991) + "…(1000009 characters)"), lines());
    }
}
