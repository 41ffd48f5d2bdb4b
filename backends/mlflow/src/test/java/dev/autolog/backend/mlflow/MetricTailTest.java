package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricTailTest {
    @TempDir
    Path dir;

    private static Metric parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return MetricTail.parse("loss", b, 0, b.length);
    }

    @Test
    void readsEveryLineFormTheStoreWritesLikeTheStoresOwnParser() {
        for (String line : List.of("1700000000000 0.6492219 3", "1700000000000 1.0E-7 0", "1 NaN 2", "1 Infinity 0",
                "1 -Infinity 7", "1700000000000 -0.5 -3", "1700000000000 0.25", "1700000000000 0.25 4\r",
                " 1700000000000 0.25 4", "1700000000000 1e308 9223372036854775807")) {
            assertEquals(LocalStoreReader.parseMetric("loss", line), parse(line), line);
        }
    }

    @Test
    void aBrokenLineIsSkipped() {
        assertNull(parse("1700000000000 abc 3"));
        assertNull(parse("1700000000000"));
        assertNull(parse(""));
    }

    @Test
    void onlyCompleteLinesAreReadAndEachPointKnowsWhereItEnds() throws Exception {
        Path f = dir.resolve("loss");
        Files.writeString(f, "10 0.5 0\n11 0.25 1\n12 0.1");
        List<MetricTail.Point> points = MetricTail.read(f, "loss", 0);
        assertEquals(List.of(new Metric("loss", 0.5, 10, 0), new Metric("loss", 0.25, 11, 1)),
                points.stream().map(MetricTail.Point::metric).toList());
        assertEquals(List.of(9L, 19L), points.stream().map(MetricTail.Point::endOffset).toList());
        assertEquals(List.of(new Metric("loss", 0.25, 11, 1)),
                MetricTail.read(f, "loss", 9).stream().map(MetricTail.Point::metric).toList());
    }

    @Test
    void aLoggedModelsLinesLeaveOutTheRunIdAndDataset() throws Exception {
        Path f = dir.resolve("auc");
        Files.writeString(f, "10 0.5 0 0123abcd\n11 0.75 1 0123abcd train-ds 1c3cfca7\n12 0.9 2 0123abcd");
        List<MetricTail.Point> points = MetricTail.read(f, "auc", 0, true);
        assertEquals(List.of(new Metric("auc", 0.5, 10, 0), new Metric("auc", 0.75, 11, 1)),
                points.stream().map(MetricTail.Point::metric).toList());
        assertEquals(List.of(18L, 55L), points.stream().map(MetricTail.Point::endOffset).toList());
    }
}
