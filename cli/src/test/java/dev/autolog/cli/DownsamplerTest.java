package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DownsamplerTest {
    private static long[] steps(int n) {
        return LongStream.range(0, n).toArray();
    }

    @Test
    void picksTheLargestTriangleOfEachBucketAsComputedByHand() {
        // n = 10, threshold 4: buckets {1..4} and {5..8}, every = 2.
        // bucket 1: a = (0,0), mean of the next bucket (6.5, 1): area·2 = |-6.5·y + x| → 5.5, 2, 29.5, 4: point 3
        // bucket 2: a = (3,5), next = (9,0): |-6(y-5) + 5(3-x)| → 26, 15, 2, 13: point 5
        double[] y = {0, 1, 0, 5, 0, -1, 0, 2, 3, 0};
        assertArrayEquals(new int[] {0, 3, 5, 9}, Downsampler.select(steps(10), y, 4));
    }

    @Test
    void theBucketHoldingTheGreatestValuePicksItWherePlainLttbWouldNot() {
        // n = 7, threshold 4, every = 2.5: buckets {1,2} and {3,4,5}.
        // plain LTTB: a = (0,0), next mean (4, 9.9): |-4y + 9.9x| → 30.1 for (1,10), 99.8 for (2,-20): point 2.
        // Here point 1 holds the greatest value (10) and wins; then a = (1,10), next = (6,-30):
        // |-5(y-10) + 40(1-x)| → 79.5, 119.5, 159.5: point 5. The least value (-30) is the last point.
        double[] y = {0, 10, -20, 9.9, 9.9, 9.9, -30};
        assertArrayEquals(new int[] {0, 1, 5, 6}, Downsampler.select(steps(7), y, 4));
    }

    @Test
    void aBucketHoldingBothExtremesKeepsBoth() {
        double[] y = {0, 0, 100, -100, 0, 0, 0, 0, 0, 0};
        int[] picked = Downsampler.select(steps(10), y, 4);
        assertArrayEquals(new int[] {0, 2, 3, 5, 9}, picked, Arrays.toString(picked));
    }

    @Test
    void oneMorePointThanTheThresholdMakesBucketsOfOneAndTwo() {
        // n = 5, threshold 4, every = 1.5: buckets {1} and {2,3}; next of the last bucket is point 4
        double[] y = {0, 1, 2, 8, 4};
        assertArrayEquals(new int[] {0, 1, 3, 4}, Downsampler.select(steps(5), y, 4));
    }

    @Test
    void atMostThresholdPointsAreAllReturned() {
        double[] y = {3, 1, 2};
        assertArrayEquals(new int[] {0, 1, 2}, Downsampler.select(steps(3), y, 3));
        assertArrayEquals(new int[] {0, 1, 2}, Downsampler.select(steps(3), y, 1000));
        assertArrayEquals(new int[0], Downsampler.select(new long[0], new double[0], 3));
        assertThrows(IllegalArgumentException.class, () -> Downsampler.select(steps(3), y, 2));
    }

    @Test
    void nanAndInfinitiesKeepTheEndsOfEachRunOfOneKind() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        double[] y = {1, nan, nan, 2, inf, 3, -inf, -inf, -inf, 4, nan, inf};
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11}, Downsampler.select(steps(12), y, 10));
        // 6 finite points over threshold 4: LTTB among them only, the runs kept whole
        double[] mixed = {0, nan, 5, 0, nan, nan, -1, 0, 2};
        int[] picked = Downsampler.select(steps(9), mixed, 4);
        assertArrayEquals(new int[] {0, 1, 2, 4, 5, 6, 8}, picked, Arrays.toString(picked));
    }

    @Test
    void manyRunsOfNanAreBoundedByTheThreshold() {
        double[] y = IntStream.range(0, 100_000).mapToDouble(i -> i % 2 == 0 ? Double.NaN : i).toArray();
        int[] picked = Downsampler.select(steps(y.length), y, 500);
        assertEquals(500 + 500, picked.length);
        assertEquals(500, Arrays.stream(picked).filter(i -> Double.isNaN(y[i])).count());
        assertEquals(0, picked[0]);
    }

    @Test
    void aMillionPointsBecomeTheThresholdWithFirstLastAndBothExtremes() {
        Random random = new Random(3);
        int n = 1_000_000;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 1.0 / (i + 1) + random.nextGaussian() * 0.01;
        }
        y[123_457] = 7; // a spike: the greatest value
        y[876_543] = -7; // the least
        int[] picked = Downsampler.select(steps(n), y, 1000);
        assertEquals(1000, picked.length);
        assertEquals(0, picked[0]);
        assertEquals(n - 1, picked[picked.length - 1]);
        assertTrue(Arrays.binarySearch(picked, 123_457) >= 0);
        assertTrue(Arrays.binarySearch(picked, 876_543) >= 0);
        for (int i = 1; i < picked.length; i++) {
            assertTrue(picked[i] > picked[i - 1], "ascending at " + i);
        }
        // one point per bucket of (n - 2) / 998 points
        double every = (n - 2) / 998.0;
        for (int b = 0; b < 998; b++) {
            int p = picked[b + 1];
            assertTrue(p >= (int) (b * every) + 1 && p < (int) ((b + 1) * every) + 1, "bucket " + b);
        }
    }
}
