package dev.autolog.integration.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParamValuesTest {

    @Test
    void anArrayIsItsElementTypeAndLength() {
        assertEquals("byte[3]", ParamValues.describe(new byte[] {1, 2, 3}));
        assertEquals("String[0]", ParamValues.describe(new String[0]));
    }

    @Test
    void anObjectWithoutItsOwnToStringIsItsClassName() {
        assertEquals("java.lang.Object", ParamValues.describe(new Object()));
        assertEquals(NoText.class.getName(), ParamValues.describe(new NoText()));
    }

    @Test
    void anObjectWithItsOwnToStringKeepsIt() {
        assertEquals("[a, b]", ParamValues.describe(List.of("a", "b")));
    }

    private static final class NoText {
    }
}
