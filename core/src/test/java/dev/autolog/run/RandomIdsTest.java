package dev.autolog.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomIdsTest {
    @Test
    void anIdIsAVersion4UuidWrittenAs32LowercaseHexCharacters() {
        for (int i = 0; i < 1000; i++) {
            String id = RandomIds.next();
            assertTrue(id.matches("[0-9a-f]{32}"), id);
            UUID uuid = UUID.fromString(id.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
            assertEquals(4, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
        }
    }

    @Test
    void withoutTheKernelsSourceOrWithTooFewBytesInItTheIdsComeFromSecureRandom(@TempDir Path dir) throws Exception {
        Path short15 = Files.write(dir.resolve("short"), new byte[15]);
        for (String source : List.of(dir.resolve("missing").toString(), short15.toString(), dir.toString())) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                String id = RandomIds.next(source);
                assertTrue(id.matches("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}"), id);
                ids.add(id);
            }
            assertEquals(100, ids.size(), source);
        }
    }

    @Test
    void idsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(RandomIds.next()));
        }
    }

    @Test
    void generatedRunNamesEndInFiveHexDigits() {
        for (int i = 0; i < 1000; i++) {
            String name = RunNames.generate("xgboost", java.time.LocalDateTime.of(2026, 12, 6, 5, 4, 3));
            assertTrue(name.matches("xgboost-2026-12-06-05-04-03-[0-9a-f]{5}"), name);
        }
    }
}
