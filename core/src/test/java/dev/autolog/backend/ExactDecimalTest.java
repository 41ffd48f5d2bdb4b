package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactDecimalTest {
    private static void same(long w, int q) {
        double fast = ExactDecimal.of(w, q);
        if (!Double.isNaN(fast)) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(w + "e" + q)), Double.doubleToRawLongBits(fast),
                    () -> w + "e" + q);
        }
    }

    @Test
    void randomDecimalsOfUpTo18DigitsAreTheDoublesParseDoubleReads() {
        Random random = new Random(11);
        int decided = 0;
        for (int i = 0; i < 2_000_000; i++) {
            long w = 1 + Math.floorMod(random.nextLong(), i % 2 == 0 ? 1_000_000_000_000_000_000L : 100_000_000L);
            int q = i % 3 == 0 ? random.nextInt(700) - 360 : random.nextInt(60) - 40;
            same(w, q);
            decided += Double.isNaN(ExactDecimal.of(w, q)) ? 0 : 1;
        }
        assertTrue(decided > 1_700_000, decided + " decided");
    }

    @Test
    void theShortestDigitsOfRandomDoublesAndHalfwayCasesReadBackExactly() {
        Random random = new Random(12);
        for (int i = 0; i < 1_000_000; i++) {
            double v = Math.abs(Double.longBitsToDouble(random.nextLong()));
            if (!Double.isFinite(v) || v == 0) {
                continue;
            }
            java.math.BigDecimal d = new java.math.BigDecimal(Double.toString(v));
            if (d.precision() <= 18) {
                same(d.unscaledValue().longValueExact(), -d.scale());
            }
        }
        // 2^53 + 1 is halfway between two doubles: to even
        same(9007199254740993L, 0);
        same(9007199254740995L, 0);
        same(9007199254740993L, 1);
        same(1L, 308);
        same(17976931348623157L, 292);
        same(22250738585072014L, -324);
        same(49L, -325);
        assertEquals(0.1, ExactDecimal.of(1, -1));
    }
}
