package dev.autolog.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.RunInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads a store back and compares it with what a fixture printed. */
final class StoreAssertions {
    static final Pattern AUTO_NAME = autoName("xgboost");
    static final String CLEAN_SUMMARY =
            "autolog: 0 advice errors, 0 instrumentation errors, 0 store errors, 0 dropped metric points";

    private StoreAssertions() {
    }

    /** {@code <framework>-<yyyy-MM-dd-HH-mm-ss>-<5 hex>}. */
    static Pattern autoName(String framework) {
        return Pattern.compile(framework + "-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f]{5}");
    }

    static List<RunInfo> runs(LocalStoreReader store) {
        return store.runs("0").stream().sorted((a, b) -> Long.compare(a.startTime(), b.startTime())).toList();
    }

    /** Every TRUTH line ({@code key step value}) is exactly one point of the run, and the run has no others. */
    static void assertMetricsEqualTruth(Map<String, List<Metric>> metrics, List<String[]> truth, String keySuffix) {
        List<String> expected = new ArrayList<>();
        for (String[] t : truth) {
            if (t[0].endsWith(keySuffix) || keySuffix.isEmpty()) {
                expected.add(t[0] + "@" + t[1] + "=" + Float.parseFloat(t[2]));
            }
        }
        List<String> actual = new ArrayList<>();
        metrics.forEach((key, points) -> {
            for (Metric m : points) {
                actual.add(key + "@" + m.step() + "=" + (float) m.value());
            }
        });
        assertTrue(actual.containsAll(expected), "missing points: expected " + expected + " in " + actual);
    }

    static void assertNoAgentErrors(ForkedJvm.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains(CLEAN_SUMMARY), () -> "no clean summary in\n" + result);
    }
}
