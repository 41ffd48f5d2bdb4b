package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesCacheTest {
    @TempDir
    Path dir;

    private Path file(String name, int points) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < points; i++) {
            lines.append(1000 + i).append(' ').append(i * 0.5).append(' ').append(i).append('\n');
        }
        return Files.writeString(dir.resolve(name), lines);
    }

    @Test
    void anUnchangedFileIsParsedOnceAndAChangedOneAgain() throws Exception {
        SeriesCache cache = new SeriesCache(1000, null);
        Path loss = file("loss", 10);
        SortedSeries first = cache.get("loss", loss, false);
        assertSame(first, cache.get("loss", loss, false));
        Files.writeString(loss, "2000 9.5 10\n", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(loss, FileTime.fromMillis(Files.getLastModifiedTime(loss).toMillis() + 1000));
        SortedSeries grown = cache.get("loss", loss, false);
        assertNotSame(first, grown);
        assertEquals(11, grown.size());
        assertEquals(9.5, grown.series().value(10));
    }

    @Test
    void theLeastRecentlyUsedFilesLeaveWhenThePointsExceedTheBoundAndAFileOverItIsNotKept() throws Exception {
        SeriesCache cache = new SeriesCache(100, null);
        Path a = file("a", 60);
        Path b = file("b", 30);
        Path c = file("c", 30);
        SortedSeries keptA = cache.get("a", a, false);
        SortedSeries keptB = cache.get("b", b, false);
        cache.get("a", a, false); // a used last: b is the eldest now
        cache.get("c", c, false); // 120 points > 100: b leaves
        assertSame(keptA, cache.get("a", a, false));
        assertNotSame(keptB, cache.get("b", b, false));
        Path huge = file("huge", 101);
        assertNotSame(cache.get("huge", huge, false), cache.get("huge", huge, false));
    }
}
