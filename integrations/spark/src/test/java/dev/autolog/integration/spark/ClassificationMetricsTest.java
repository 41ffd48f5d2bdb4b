package dev.autolog.integration.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    private static final double EPS = 1e-12;

    /** Label 1: 3 right (bin 9), 1 wrong (bin 4); label 0: 4 right (bin 2), 2 wrong (bin 6). */
    @Test
    void weightedMetricsFollowSparksMulticlassMetricsAndTheAreaRanksPositivesAboveNegatives() {
        ClassificationMetrics m = new ClassificationMetrics();
        m.add(1, 1, 9L, 3);
        m.add(1, 0, 4L, 1);
        m.add(0, 0, 2L, 4);
        m.add(0, 1, 6L, 2);
        Map<String, Double> metrics = m.metrics();
        assertEquals(0.7, metrics.get("accuracy"), EPS);
        assertEquals(0.6 * 0.4 + 0.8 * 0.6, metrics.get("weightedPrecision"), EPS);
        assertEquals(0.75 * 0.4 + 4.0 / 6 * 0.6, metrics.get("weightedRecall"), EPS);
        assertEquals(metrics.get("weightedRecall"), metrics.get("weightedTruePositiveRate"), EPS);
        double f1 = 2 * 0.6 * 0.75 / (0.6 + 0.75);
        double f0 = 2 * 0.8 * (4.0 / 6) / (0.8 + 4.0 / 6);
        assertEquals(f1 * 0.4 + f0 * 0.6, metrics.get("weightedFMeasure"), EPS);
        assertEquals(2.0 / 6 * 0.4 + 1.0 / 4 * 0.6, metrics.get("weightedFalsePositiveRate"), EPS);
        // pairs (positive, negative) ranked right: 3 × 6 + 1 × 4 of 4 × 6
        assertEquals(22.0 / 24, metrics.get("areaUnderROC"), EPS);
    }

    @Test
    void aPositiveAndANegativeInOneBinCountHalf() {
        ClassificationMetrics m = new ClassificationMetrics();
        m.add(1, 1, 5L, 1);
        m.add(0, 1, 5L, 1);
        assertEquals(0.5, m.metrics().get("areaUnderROC"), EPS);
    }

    @Test
    void withoutBinnedScoresOrWithOneClassThereIsNoArea() {
        ClassificationMetrics unbinned = new ClassificationMetrics();
        unbinned.add(1, 1, null, 1);
        unbinned.add(0, 0, null, 1);
        assertFalse(unbinned.metrics().containsKey("areaUnderROC"));
        ClassificationMetrics oneClass = new ClassificationMetrics();
        oneClass.add(1, 1, 3L, 1);
        assertFalse(oneClass.metrics().containsKey("areaUnderROC"));
    }
}
