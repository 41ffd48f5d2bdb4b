package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricTailTest {
    @TempDir
    Path dir;

    private static MetricTail.Point parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return MetricTail.parse("loss", b, 0, b.length, b.length + 1);
    }

    /** The point as the server reads it from a log-batch body: MLflow's JSON, NaN and infinities as strings. */
    private static Metric onServer(MetricTail.Point p) {
        JsonNode o;
        try {
            o = JsonTrees.read("{\"key\":\"" + p.key() + "\"," + p.json() + "}");
        } catch (IOException e) {
            throw new UncheckedIOException(p.json(), e);
        }
        JsonNode v = o.path("value");
        double value = v.isNumber() ? v.doubleValue() : switch (v.asText()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new AssertionError("value " + v);
        };
        assertEquals(4, o.size(), p::json);
        return new Metric(o.path("key").asText(), value, o.path("timestamp").longValue(), o.path("step").longValue());
    }

    @Test
    void everyLineFormTheStoresReadArrivesAsTheStoresOwnParserReadsIt() {
        for (String line : List.of("1700000000000 0.6492219 3", "1700000000000 1.0E-7 0", "1 NaN 2", "1 Infinity 0",
                "1 -Infinity 7", "1700000000000 -0.5 -3", "1700000000000 0.25", "1700000000000 0.25 4\r",
                " 1700000000000 0.25 4", "1700000000000 1e308 9223372036854775807", "1 nan 0", "1 inf 0", "1 -inf 0",
                "1 1e-05 2", "1 .5 2", "1 +1.5 2", "1 00.5 2", "1 0x1p3 2", "1 1.5E+300 2", "1 -0.0 2",
                "0123 0.5 007", "0 0.5 0", "1 1e999 2", "1 -1E+400 2", "1 1e-400 2", "1 1.7976931348623157E308 2",
                "1 " + "9".repeat(400) + " 2", "1 4.9E-324 2")) {
            assertEquals(LocalStoreReader.parseMetric("loss", line), onServer(parse(line)), line);
        }
    }

    @Test
    void theStoresOwnNumbersAreCopiedAsTheyAre() {
        assertEquals("\"value\":1.0E-7,\"timestamp\":1700000000000,\"step\":12",
                parse("1700000000000 1.0E-7 12").json());
        assertEquals("\"value\":0.6492219,\"timestamp\":1700000000000,\"step\":0",
                parse("1700000000000 0.6492219").json());
        assertEquals("\"value\":\"NaN\",\"timestamp\":1,\"step\":2", parse("1 NaN 2").json());
    }

    @Test
    void aNumberBeyondADoubleIsSentAsMlflowTakesAnInfinityNotAsItStands() {
        assertEquals("\"value\":\"Infinity\",\"timestamp\":1,\"step\":2", parse("1 1e999 2").json());
        assertEquals("\"value\":\"-Infinity\",\"timestamp\":1,\"step\":2", parse("1 -" + "9".repeat(400) + " 2").json());
    }

    @Test
    void aBrokenLineIsSkippedAndNothingOfItReachesTheBody() {
        assertNull(parse("1700000000000 abc 3"));
        assertNull(parse("1700000000000"));
        assertNull(parse(""));
        assertNull(parse("1 1,\"key\":\"x\" 3"));
        assertNull(parse("1 1} 3"));
        assertNull(parse("1\" 0.5 3"));
    }

    @Test
    void jsonNumbersAreTheGrammarsAndNothingElse() {
        for (String ok : List.of("0", "-0", "0.5", "-12.25", "1e5", "1E+5", "1.0E-7", "123456789012345678901234")) {
            byte[] b = ok.getBytes(StandardCharsets.ISO_8859_1);
            assertTrue(JsonNumber.isOne(b, 0, b.length), ok);
        }
        for (String bad : List.of("", "-", "01", ".5", "5.", "+1", "1e", "1e+", "NaN", "Infinity", "0x10", "1 ", "1,2",
                "--1", "1.5.2")) {
            byte[] b = bad.getBytes(StandardCharsets.ISO_8859_1);
            assertFalse(JsonNumber.isOne(b, 0, b.length), bad);
        }
    }

    @Test
    void onlyCompleteLinesAreReadAndEachPointKnowsWhereItEnds() throws Exception {
        Path f = dir.resolve("loss");
        Files.writeString(f, "10 0.5 0\n11 0.25 1\n12 0.1");
        List<MetricTail.Point> points = MetricTail.read(f, "loss", 0);
        assertEquals(List.of(new Metric("loss", 0.5, 10, 0), new Metric("loss", 0.25, 11, 1)),
                points.stream().map(MetricTailTest::onServer).toList());
        assertEquals(List.of(9L, 19L), points.stream().map(MetricTail.Point::endOffset).toList());
        assertEquals(List.of(new Metric("loss", 0.25, 11, 1)),
                MetricTail.read(f, "loss", 9).stream().map(MetricTailTest::onServer).toList());
    }

    @Test
    void aLoggedModelsLinesLeaveOutTheRunIdAndDataset() throws Exception {
        Path f = dir.resolve("auc");
        Files.writeString(f, "10 0.5 0 0123abcd\n11 0.75 1 0123abcd train-ds 1c3cfca7\n12 0.9 2 0123abcd");
        List<MetricTail.Point> points = MetricTail.read(f, "auc", 0, true);
        assertEquals(List.of(new Metric("auc", 0.5, 10, 0), new Metric("auc", 0.75, 11, 1)),
                points.stream().map(MetricTailTest::onServer).toList());
        assertEquals(List.of(18L, 55L), points.stream().map(MetricTail.Point::endOffset).toList());
    }

    /**
     * A file written anew since its offset was taken (its run's folder vanished and the writer wrote it again) is
     * read from its start: from the old offset the first "line" would be the end of another, a point nobody logged.
     */
    @Test
    void aFileWrittenAnewSinceItsOffsetIsReadFromItsStartNeverFromTheMiddleOfALine() throws Exception {
        Path file = dir.resolve("acc");
        Files.writeString(file, "1700000000000 0.25 1\n1700000000001 0.5 2\n");
        long sent = MetricTail.read(file, "acc", 0).get(1).endOffset();

        Files.writeString(file, "1700000000002 10027.0 10027\n1700000000003 10028.0 10028\n");
        assertEquals(List.of(new Metric("acc", 10027.0, 1700000000002L, 10027), new Metric("acc", 10028.0, 1700000000003L, 10028)),
                MetricTail.read(file, "acc", sent).stream().map(MetricTailTest::onServer).toList());
        assertEquals(2, MetricTail.countAfter(file, sent));

        Files.writeString(file, "1700000000004 7.0 3\n");
        assertEquals(List.of(new Metric("acc", 7.0, 1700000000004L, 3)),
                MetricTail.read(file, "acc", sent).stream().map(MetricTailTest::onServer).toList(), "shorter than the offset");
        assertEquals(List.of(), MetricTail.read(file, "acc", Files.size(file)), "its own end: nothing new");
    }
}
