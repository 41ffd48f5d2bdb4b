package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import java.util.List;
import org.junit.jupiter.api.Test;

class TruncationTest {

    @Test
    void valuesWithinLimitsAreUntouchedAndNoted() {
        Truncation t = new Truncation();
        Param p = new Param("lr", "x".repeat(6000));
        Tag tag = new Tag("note", "y".repeat(8000));
        assertEquals(p, t.param(p));
        assertEquals(tag, t.tag(tag));
        assertEquals(List.of(), t.notes());
    }

    @Test
    void longParamAndTagValuesAreCutToMlflowsLimitsAndSaidSo() {
        Truncation t = new Truncation();
        assertEquals("x".repeat(6000), t.param(new Param("config", "x".repeat(9120))).value());
        assertEquals("y".repeat(8000), t.tag(new Tag("desc", "y".repeat(8001))).value());
        assertEquals(List.of("param config: 9120 chars cut to 6000", "tag desc: 8001 chars cut to 8000"), t.notes());
        assertEquals("param config: 9120 chars cut to 6000; tag desc: 8001 chars cut to 8000",
                Truncation.tagValue(t.notes()));
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String s = "a".repeat(5999) + "\ud83d\ude00" + "b";
        String cut = Truncation.prefix(s, 6000);
        assertEquals(5999, cut.length());
    }
}
