package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTableTest {

    @Test
    void wideCharactersAndEmojiTakeTwoColumnsAndCombiningMarksNoneSoColumnsStayAligned() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Output out = new Output(new PrintStream(bytes, true, StandardCharsets.UTF_8), System.err, false);

        out.table(List.of("name", "v"), List.of(List.of("猫猫", "1"), List.of("ab", "2"), List.of("🚀", "3"),
                List.of("e\u0301", "4"), List.of("ｗｉｄｅ", "5")));

        assertEquals(List.of(
                "name      v",
                "猫猫      1",
                "ab        2",
                "🚀        3",
                "e\u0301         4",
                "ｗｉｄｅ  5"), bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void columnsOfSingleCharacters() {
        assertEquals(2, TerminalColumns.of("猫"));
        assertEquals(2, TerminalColumns.of("🚀"));
        assertEquals(2, TerminalColumns.of("한"));
        assertEquals(1, TerminalColumns.of("é"));
        assertEquals(1, TerminalColumns.of("e\u0301"));
        assertEquals(0, TerminalColumns.of("\u200d"));
        assertEquals(1, TerminalColumns.of("Ж"));
    }
}
