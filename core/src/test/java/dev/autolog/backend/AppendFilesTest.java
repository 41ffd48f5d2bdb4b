package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendFilesTest {
    @TempDir
    Path tmp;

    private static byte[] line(int i) {
        return (i + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void moreFilesThanItKeepsOpenAreAllWrittenCompletelyWithAtMostTheLimitOpen() throws IOException {
        int files = AppendFiles.MAX_OPEN + 10;
        try (AppendFiles appends = new AppendFiles()) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < files; i++) {
                    appends.append(tmp, tmp.resolve("metrics/k" + i), line(round));
                }
            }
            assertEquals(AppendFiles.MAX_OPEN, appends.openCount());
        }
        for (int i = 0; i < files; i++) {
            assertEquals("0\n1\n2\n", Files.readString(tmp.resolve("metrics/k" + i)));
        }
    }

    @Test
    void theFilesOfAFolderAreClosedWhenItIsDoneAndOthersStayOpen() throws IOException {
        try (AppendFiles appends = new AppendFiles()) {
            appends.append(tmp, tmp.resolve("run/metrics/a"), line(1));
            appends.append(tmp, tmp.resolve("run/metrics/b/c"), line(2));
            appends.append(tmp, tmp.resolve("model/metrics/a"), line(3));

            appends.closeUnder(tmp.resolve("run"));

            assertEquals(1, appends.openCount());
            appends.append(tmp, tmp.resolve("run/metrics/a"), line(4));
            assertEquals("1\n4\n", Files.readString(tmp.resolve("run/metrics/a")));
        }
    }

    /** A line a full disk cut short (and no one cut back) is dropped before the next line, not glued to it. */
    @Test
    void aLineCutShortIsDroppedBeforeTheNextAppendInsteadOfGluedToIt() throws IOException {
        Path file = tmp.resolve("metrics/loss");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "1796559371990 29 0\n1796559371991 30");
        Path alone = tmp.resolve("metrics/acc");
        Files.writeString(alone, "17965593");
        try (AppendFiles appends = new AppendFiles()) {
            appends.append(tmp, file, "1796559372121 6000.0 6000\n".getBytes(StandardCharsets.UTF_8));
            appends.append(tmp, alone, "1 0.5 1\n".getBytes(StandardCharsets.UTF_8));
            appends.append(tmp, file, "1796559372122 6001.0 6001\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("1796559371990 29 0\n1796559372121 6000.0 6000\n1796559372122 6001.0 6001\n", Files.readString(file));
        assertEquals("1 0.5 1\n", Files.readString(alone));
    }
}
