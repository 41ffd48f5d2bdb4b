package dev.autolog.integration.xgboost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.autolog.dataset.DatasetDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file behind an XGBoost data URI ({@code path[?args][#cache]}) and the bytes its digest samples. */
class MatrixFileTest {
    @TempDir
    Path dir;

    @Test
    void argumentsAndExternalMemoryCacheAreNotPartOfTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("train.txt"), "1 0:0.5\n");

        MatrixFile m = MatrixFile.of(file + "?format=libsvm&indexing_mode=0#dtrain.cache");

        assertEquals(file.toString(), m.path());
        assertEquals("libsvm", m.format());
        assertEquals(8, m.size());
        DatasetDescription d = m.source();
        assertEquals("local", d.sourceType());
        assertEquals(Map.of("uri", file.toString(), "format", "libsvm"), d.source());
    }

    @Test
    void aCacheWithoutArgumentsAndAFileUriAreLocalFilesWithoutFormat() throws Exception {
        Path file = Files.writeString(dir.resolve("train.buffer"), "binary");

        MatrixFile cached = MatrixFile.of(file + "#cache");
        assertEquals(file.toString(), cached.path());
        assertNull(cached.format());
        assertEquals(Map.of("uri", file.toString()), cached.source().source());
        assertEquals(file.toString(), MatrixFile.of("file://" + file).path());
    }

    @Test
    void aRelativePathIsResolvedAgainstTheWorkingDirectory() {
        MatrixFile m = MatrixFile.of("no-such-dir/../data.csv?format=csv&label_column=0");

        assertEquals(Path.of("data.csv").toAbsolutePath().toString(), m.source().source().get("uri"));
        assertEquals("csv", m.format());
    }

    @Test
    void aRemoteUriKeepsItsSchemeAndIsNotRead() {
        MatrixFile m = MatrixFile.of("s3://bucket/train.txt?format=csv#cache");

        assertEquals("s3://bucket/train.txt", m.path());
        assertEquals(-1, m.size());
        assertEquals("s3", m.source().sourceType());
        assertEquals(Map.of("uri", "s3://bucket/train.txt", "format", "csv"), m.source().source());
    }

    @Test
    void aLargeFileIsSampledAtItsStartAndEnd() throws Exception {
        byte[] bytes = new byte[200_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Path file = Files.write(dir.resolve("big.libsvm"), bytes);

        MatrixFile m = MatrixFile.of(file.toString());

        assertEquals(200_000, m.size());
        assertArrayEquals(Arrays.copyOfRange(bytes, 0, 65_536), m.head());
        assertArrayEquals(Arrays.copyOfRange(bytes, 200_000 - 65_536, 200_000), m.tail());
    }

    @Test
    void aFileShorterThanTwoSamplesIsHashedOnceWhole() throws Exception {
        byte[] bytes = new byte[100_000];
        Arrays.fill(bytes, (byte) 7);
        Path file = Files.write(dir.resolve("mid.libsvm"), bytes);

        MatrixFile m = MatrixFile.of(file.toString());

        assertArrayEquals(Arrays.copyOfRange(bytes, 0, 65_536), m.head());
        assertArrayEquals(Arrays.copyOfRange(bytes, 65_536, 100_000), m.tail());
    }

    @Test
    void anEmptyPathNamesNoFile() {
        assertNull(MatrixFile.of("?format=libsvm"));
    }
}
