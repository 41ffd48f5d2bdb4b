package dev.autolog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autolog.logging.Said;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A refused call quotes its key escaped and cut: the application's data can neither flood nor drive a terminal. */
class BadApiArgumentsTest {

    @Test
    void aKeyWithControlCharactersIsQuotedEscaped() {
        assertEquals(List.of("autolog: logParam(\"k\\e[2J\\x07\", null): a value is needed; the call is ignored"
                + " (said once)"), Said.during(() -> Autolog.logParam("k\u001b[2J\u0007", null)));
    }

    @Test
    void aKeyOfAMegabyteIsQuotedCutToTwoHundredCharactersWithItsLength() {
        assertEquals(List.of("autolog: setTag(\"" + "k".repeat(200) + "…(1048576 characters)\", null): a value is"
                + " needed; the call is ignored (said once)"), Said.during(() -> Autolog.setTag("k".repeat(1 << 20), null)));
    }
}
