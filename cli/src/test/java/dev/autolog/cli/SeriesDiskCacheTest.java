package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.backend.MetricLines;
import dev.autolog.backend.MetricSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesDiskCacheTest {
    @TempDir
    Path dir;
    private final List<String> warnings = new ArrayList<>();

    /** A metric file of {@code points} lines, the odd values among them, last changed a minute ago. */
    private Path metricFile(int points, long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < points; i++) {
            String v = switch (i % 1000) {
                case 1 -> "NaN";
                case 2 -> "Infinity";
                case 3 -> "-0.0";
                case 10 -> "0.5";
                default -> Double.toString(Double.longBitsToDouble(random.nextLong()));
            };
            lines.append(1_700_000_000_000L + i).append(' ').append(v).append(' ').append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve("loss"), lines);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        return file;
    }

    private static BasicFileAttributes attributes(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class);
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void aSavedSeriesIsReadBackBitForBitWhileTheFileIsUnchangedAndNotOnceItChanges() throws Exception {
        Path file = metricFile(SeriesDiskCache.MIN_POINTS + 7, 1);
        MetricSeries parsed = MetricLines.parse("loss", file, Files.size(file));
        new SeriesDiskCache(dir.resolve("cache"), warnings::add).save(parsed, file, attributes(file));
        SeriesDiskCache later = new SeriesDiskCache(dir.resolve("cache"), warnings::add);
        MetricSeries read = later.load("loss", file, attributes(file));
        assertEquals(parsed.size(), read.size());
        assertArrayEquals(parsed.steps(), read.steps());
        assertArrayEquals(parsed.times(), read.times());
        assertArrayEquals(bits(parsed.values()), bits(read.values()));
        Files.writeString(file, "1 2 3\n", StandardOpenOption.APPEND);
        assertNull(later.load("loss", file, attributes(file)));
        assertEquals(List.of(), warnings);
    }

    @Test
    void aSecondProcessTakesTheSavedSeriesInsteadOfParsingTheFile() throws Exception {
        Path file = metricFile(SeriesDiskCache.MIN_POINTS, 2);
        BasicFileAttributes seen = attributes(file);
        SeriesDiskCache disk = new SeriesDiskCache(dir.resolve("cache"), warnings::add);
        disk.save(MetricLines.parse("loss", file, seen.size()), file, seen);
        // the same size and time, another value: only the saved form still answers the first one
        Files.writeString(file, Files.readString(file).replace(" 0.5 10\n", " 0.7 10\n"));
        Files.setLastModifiedTime(file, seen.lastModifiedTime());
        assertEquals(0.5, new SeriesCache(SeriesCache.MAX_POINTS, disk).get("loss", file, false).series().value(10));
        assertEquals(0.7, new SeriesCache(SeriesCache.MAX_POINTS, null).get("loss", file, false).series().value(10));
    }

    @Test
    void aCorruptOrCutCacheFileIsSaidOnceAndTheFileParsedInstead() throws Exception {
        Path file = metricFile(SeriesDiskCache.MIN_POINTS, 4);
        SeriesDiskCache disk = new SeriesDiskCache(dir.resolve("cache"), warnings::add);
        disk.save(MetricLines.parse("loss", file, Files.size(file)), file, attributes(file));
        Path saved = disk.file(file);
        byte[] bytes = Files.readAllBytes(saved);
        bytes[bytes.length - 3] ^= 1;
        Files.write(saved, bytes);
        assertNull(disk.load("loss", file, attributes(file)));
        assertNull(disk.load("loss", file, attributes(file)));
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("checksum does not match"), warnings::toString);
        Files.write(saved, Arrays.copyOf(bytes, 40));
        SeriesDiskCache other = new SeriesDiskCache(dir.resolve("cache"), warnings::add);
        assertNull(other.load("loss", file, attributes(file)));
        assertEquals(2, warnings.size(), warnings::toString);
        assertEquals(SeriesDiskCache.MIN_POINTS, new SeriesCache(SeriesCache.MAX_POINTS, other)
                .get("loss", file, false).size());
    }
}
