package dev.autolog.integration.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    private static final double EPS = 1e-12;

    /** Label 1: 3 right, 1 wrong; label 0: 4 right, 2 wrong. */
    @Test
    void weightedMetricsFollowSparksMulticlassMetricsAndTheAreaIsLeftToSpark() {
        ClassificationMetrics m = new ClassificationMetrics();
        m.add(1, 1, 3);
        m.add(1, 0, 1);
        m.add(0, 0, 4);
        m.add(0, 1, 2);
        Map<String, Double> metrics = m.metrics();
        assertEquals(0.7, metrics.get("accuracy"), EPS);
        assertEquals(0.6 * 0.4 + 0.8 * 0.6, metrics.get("weightedPrecision"), EPS);
        assertEquals(0.75 * 0.4 + 4.0 / 6 * 0.6, metrics.get("weightedRecall"), EPS);
        assertEquals(metrics.get("weightedRecall"), metrics.get("weightedTruePositiveRate"), EPS);
        double f1 = 2 * 0.6 * 0.75 / (0.6 + 0.75);
        double f0 = 2 * 0.8 * (4.0 / 6) / (0.8 + 4.0 / 6);
        assertEquals(f1 * 0.4 + f0 * 0.6, metrics.get("weightedFMeasure"), EPS);
        assertEquals(2.0 / 6 * 0.4 + 1.0 / 4 * 0.6, metrics.get("weightedFalsePositiveRate"), EPS);
        assertFalse(metrics.containsKey("areaUnderROC"));
    }
}
