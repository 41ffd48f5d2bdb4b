package dev.autolog.integration.smile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {

    /** Shaped like Smile 4.x+'s metrics: a record. */
    public record RecordMetrics(double fitTime, int size, double accuracy, double auc, String name) {
    }

    /** Shaped like Smile 2.x/3.x's metrics: public final fields. */
    public static final class FieldMetrics {
        public static final double IGNORED = 1;
        public final double accuracy = 0.75;
        public final double crossEntropy = Double.NaN;
        public final long error = 3;
    }

    @Test
    void snakeCaseOfSmilesNames() {
        assertEquals("fit_time", Values.snake("fitTime"));
        assertEquals("accuracy", Values.snake("accuracy"));
        assertEquals("r_squared", Values.snake("RSquared"));
        assertEquals("adjusted_r_squared", Values.snake("adjustedRSquared"));
        assertEquals("aic", Values.snake("AIC"));
        assertEquals("weighted_error", Values.snake("weightedError"));
    }

    @Test
    void numbersOfARecordAreItsFiniteNumericComponentsInOrder() throws Exception {
        Map<String, Double> numbers = Values.numbers(new RecordMetrics(12.5, 100, 0.9, Double.NaN, "x"), "test_");
        assertEquals(Map.of("test_fit_time", 12.5, "test_size", 100.0, "test_accuracy", 0.9), numbers);
        assertEquals("[test_fit_time, test_size, test_accuracy]", numbers.keySet().toString());
    }

    @Test
    void numbersOfAFieldClassAreItsFiniteNumericInstanceFields() throws Exception {
        assertEquals(Map.of("accuracy", 0.75, "error", 3.0), Values.numbers(new FieldMetrics(), ""));
    }

    @Test
    void propertyReadsAnAccessorOrAPublicFieldAndNullOtherwise() throws Exception {
        assertEquals(0.9, Values.property(new RecordMetrics(1, 2, 0.9, 0, "x"), "accuracy"));
        assertEquals(0.75, Values.property(new FieldMetrics(), "accuracy"));
        assertNull(Values.property(new FieldMetrics(), "IGNORED"));
        assertNull(Values.property(new FieldMetrics(), "missing"));
        assertNull(Values.property(null, "accuracy"));
    }
}
