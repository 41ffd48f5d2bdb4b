package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricLinesTest {
    /** What the line-by-line parser makes of a file: its points, in order, malformed and unfinished lines left out. */
    private static List<Metric> byLines(String key, String text) {
        List<Metric> out = new ArrayList<>();
        int start = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; start = nl + 1, nl = text.indexOf('\n', start)) {
            Metric m = LocalStoreReader.parseMetric(key, text.substring(start, nl));
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    private static List<Metric> fast(String key, String text) {
        return MetricLines.parse(key, text.getBytes(StandardCharsets.UTF_8)).asList();
    }

    @Test
    void everyOddLineGetsWhatTheLineParserMakesOfIt() {
        String file = String.join("\n", "1 0.5 0", "2 nan 1", "3 inf 2", "4 -inf 3", "5 NaN 4", "6 Infinity 5",
                "7 -0.0 6", "8 1e5 7", "9 1E-5 8", "10 +1.5 9", "+11 2 -10", "12 .5", "13 1. 14", "14 . 15",
                "15  2 16", "16 2 17 ", " 17 2 18", "18 2 19\r", "19 1.0d 20", "20 0x1p3 21", "21 1e 22",
                "22 1.2.3 23", "9223372036854775807 1 24", "1234567890123456789 1 25", "26 1 2 3", "27",
                "", "28 \u0661 29", "\u0662 1 30", "31 0.30000000000000004 31", "32 123456789012345678901234 32",
                "33 1e400 33", "34 1e-400 34", "35 0e999 35", "36 - 36", "37 4.9e-324 37", "38 1.7976931348623157E308 38",
                "39 -1.2e+3 39", "40 2 x", "41 2 1.5", "unfinished 1 2");
        List<Metric> expected = byLines("loss", file);
        assertEquals(expected.size(), fast("loss", file).size(), () -> expected + " vs " + fast("loss", file));
        for (int i = 0; i < expected.size(); i++) {
            Metric a = expected.get(i);
            Metric b = fast("loss", file).get(i);
            assertEquals(a.timestampMillis(), b.timestampMillis(), a::toString);
            assertEquals(a.step(), b.step(), a::toString);
            assertEquals(Double.doubleToRawLongBits(a.value()), Double.doubleToRawLongBits(b.value()), a::toString);
        }
        assertEquals(29, expected.size(), expected::toString);
    }

    @Test
    void randomValuesAreTheExactDoublesParseDoubleReads() {
        Random random = new Random(17);
        StringBuilder file = new StringBuilder();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 5) {
                case 0 -> random.nextDouble();
                case 1 -> Double.longBitsToDouble(random.nextLong());
                case 2 -> Math.round(random.nextGaussian() * 1e6) / 1e4;
                case 3 -> random.nextInt(1000) * Math.pow(10, random.nextInt(40) - 20);
                default -> 1.0 / (i + 1);
            };
            String text = i % 7 == 0 ? String.format(java.util.Locale.ROOT, "%.12e", v) : Double.toString(v);
            file.append(1000 + i).append(' ').append(text).append(' ').append(i).append('\n');
            values.add(Objects.requireNonNull(LocalStoreReader.parseMetric("m", "1 " + text)).value());
        }
        MetricSeries series = MetricLines.parse("m", file.toString().getBytes(StandardCharsets.US_ASCII));
        assertEquals(values.size(), series.size());
        for (int i = 0; i < values.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(values.get(i)), Double.doubleToRawLongBits(series.value(i)),
                    "line " + i);
            assertEquals(i, series.step(i));
            assertEquals(1000 + i, series.time(i));
        }
    }

    /** Every point as its three exact parts, to compare two parses bit for bit. */
    private static List<String> exact(List<Metric> points) {
        return points.stream().map(m -> m.timestampMillis() + " " + Double.doubleToRawLongBits(m.value()) + " "
                + m.step()).toList();
    }

    @Test
    void aFileReadInPartsAndSmallChunksGivesWhatTheLineParserMakesOfItsBytes(@TempDir Path dir) throws Exception {
        Random random = new Random(5);
        StringBuilder text = new StringBuilder();
        String[] odd = {"2 nan 1", "bad", "", "3 1e400 2", " 4 1 3", "5 1 2 3", "6 \u0661 7", "7 0x1p3 8"};
        for (int i = 0; i < 3000; i++) {
            text.append(i % 97 == 0 ? odd[i / 97 % odd.length] : (1000 + i) + " "
                    + Double.longBitsToDouble(random.nextLong()) + " " + i).append('\n');
        }
        text.append("9 1.").append("0".repeat(300)).append("1 9\n"); // longer than a chunk
        text.append("10 2.5 10\n11 3.5"); // the last line unfinished
        Path file = dir.resolve("m");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        byte[] bytes = Files.readAllBytes(file);
        for (int parts : new int[] {1, 2, 3, 7}) {
            for (long size : new long[] {bytes.length, bytes.length - 5, bytes.length / 3, 0, bytes.length + 100}) {
                String all = new String(bytes, 0, (int) Math.min(size, bytes.length), StandardCharsets.UTF_8);
                List<Metric> read = MetricLines.parse("m", file, size, parts, 64, 1 << 20).asList();
                assertEquals(exact(byLines("m", all)), exact(read), "parts " + parts + ", size " + size);
            }
        }
        assertEquals(exact(byLines("m", text.toString())), exact(MetricLines.parse("m", file, bytes.length).asList()));
    }

    @Test
    void aLineLongerThanAnArrayCanHoldIsSkippedToItsEndNotHeldWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m");
        long endless = (1L << 31) + 17; // NUL bytes, read from a sparse file
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write("1 0.5 0\n".getBytes(StandardCharsets.US_ASCII));
            out.seek(8 + endless);
            out.write("\n2 1.5 1\n".getBytes(StandardCharsets.US_ASCII));
            out.setLength(out.length() + 3 * MetricLines.MAX_LINE_BYTES); // and an unfinished one at the end
        }
        List<Metric> read = MetricLines.parse("m", file, Files.size(file), 1, 1 << 20, 1 << 20).asList();
        assertEquals(exact(List.of(new Metric("m", 0.5, 1, 0), new Metric("m", 1.5, 2, 1))), exact(read));
        Path small = dir.resolve("small");
        try (RandomAccessFile out = new RandomAccessFile(small.toFile(), "rw")) {
            out.write("1 0.5 0\n".getBytes(StandardCharsets.US_ASCII));
            out.seek(8 + 3 * MetricLines.MAX_LINE_BYTES + 17);
            out.write("\n2 1.5 1\n".getBytes(StandardCharsets.US_ASCII));
        }
        for (int chunk : new int[] {64, 1000}) {
            assertEquals(exact(read), exact(MetricLines.parse("m", small, Files.size(small), 2, chunk, 1 << 20)
                    .asList()), "chunk " + chunk);
        }
    }

    @Test
    void aFileOfMoreLinesThanTheHeapCanHoldIsRefusedBeforeItsArraysAreMade(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("m"), "1 0.5 0\n".repeat(1001));
        BoundedFiles.UnreadableFileException e = assertThrows(BoundedFiles.UnreadableFileException.class,
                () -> MetricLines.parse("m", file, Files.size(file), 2, 64, 1000));
        assertEquals("a metric file of 1001 lines, more than the 1000 points this JVM's heap can hold (start it with a"
                + " larger -Xmx)", e.getMessage());
        assertEquals(1000, MetricLines.parse("m", Files.writeString(dir.resolve("n"), "1 0.5 0\n".repeat(1000)), 8000,
                2, 64, 1000).size());
    }
}
