package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.backend.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricStatsTest {
    @Test
    void latestIsTheGreatestStepThenTimestampLikeMlflowAndBestFollowsTheMetricsDirection() {
        List<Metric> loss = List.of(new Metric("test-logloss", 0.5, 10, 0), new Metric("test-logloss", 0.2, 30, 2),
                new Metric("test-logloss", 0.3, 20, 1), new Metric("test-logloss", 0.4, 5, 2));
        MetricStats s = MetricStats.of("test-logloss", loss);
        assertEquals(0.2, s.latest());
        assertEquals(2, s.latestStep());
        assertEquals(0.2, s.best());
        assertEquals(4, s.count());
        List<Metric> auc = List.of(new Metric("valid-auc", 0.7, 1, 0), new Metric("valid-auc", 0.9, 2, 1),
                new Metric("valid-auc", 0.8, 3, 2));
        assertEquals(0.9, MetricStats.of("valid-auc", auc).best());
        assertEquals(0.8, MetricStats.of("valid-auc", auc).latest());
    }

    @Test
    void scoresAreHigherIsBetterLossesAndErrorsAreNot() {
        assertTrue(MetricStats.higherIsBetter("test-auc"));
        assertTrue(MetricStats.higherIsBetter("accuracy"));
        assertFalse(MetricStats.higherIsBetter("train-logloss"));
        assertFalse(MetricStats.higherIsBetter("test-error_rate"));
        assertFalse(MetricStats.higherIsBetter("rmse"));
        assertFalse(MetricStats.higherIsBetter("epoch_score"));
        assertTrue(MetricStats.higherIsBetter("f1_score"));
    }

    @Test
    void formatsWithSixSignificantDigitsAndNoTrailingZeros() {
        assertEquals("0.25772", MetricStats.format(0.2577199935913086));
        assertEquals("10", MetricStats.format(10.0));
        assertEquals("1.5e-07", MetricStats.format(1.5e-7));
        assertEquals("NaN", MetricStats.format(Double.NaN));
    }
}
