package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {
    private static Args parse(String... raw) {
        return Args.parse(List.of(raw), Set.of("tag", "limit"), Set.of("json"));
    }

    @Test
    void readsPositionalsValuesInBothFormsRepeatedOptionsAndFlags() {
        Args a = parse("show", "--tag", "a=1", "--tag=b=2", "--json", "x", "--limit", "5");
        assertEquals(List.of("show", "x"), a.positional());
        assertEquals(List.of("a=1", "b=2"), a.all("tag"));
        assertTrue(a.flag("json"));
        assertEquals(5, a.intOption("limit", 50));
        assertEquals(50, parse().intOption("limit", 50));
    }

    @Test
    void rejectsUnknownOptionsMissingValuesAndBadNumbersAsUsageErrors() {
        CliException unknown = assertThrows(CliException.class, () -> parse("--nope"));
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        assertTrue(unknown.getMessage().startsWith("unknown option --nope (accepted: "), unknown.getMessage());
        assertEquals("--limit needs a value", assertThrows(CliException.class, () -> parse("--limit")).getMessage());
        assertEquals("--limit must be a positive whole number, not '0'",
                assertThrows(CliException.class, () -> parse("--limit", "0").intOption("limit", 1)).getMessage());
    }

    @Test
    void splitsKeyValueAtTheFirstEqualsSign() {
        assertEquals(Map.entry("k", "v=w"), Args.keyValue("k=v=w", "a tag"));
        assertEquals(Map.entry("k", ""), Args.keyValue("k=", "a tag"));
        assertEquals("a tag must look like key=value, not '=v'",
                assertThrows(CliException.class, () -> Args.keyValue("=v", "a tag")).getMessage());
    }
}
