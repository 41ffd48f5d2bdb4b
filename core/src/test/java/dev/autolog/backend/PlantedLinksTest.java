package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A symbolic link planted inside a run's folder (a shared store, another user) must not redirect the store's writes
 * out of the run: the write fails with the reason, the file the link names stays untouched.
 */
class PlantedLinksTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;
    private LocalStore store;
    private Path run;
    private Path outside;

    @BeforeEach
    void runAndAnOutsideFolder() throws IOException {
        store = new LocalStore(tmp.resolve("mlruns"));
        store.createRun(new NewRun(RUN, "Default", "run-1", 1_732_300_000_000L, "alice", Map.of()));
        run = tmp.resolve("mlruns/0/" + RUN);
        outside = Files.createDirectory(tmp.resolve("outside"));
    }

    private void replacedByLink(Path folder) throws IOException {
        Files.deleteIfExists(folder);
        Files.createSymbolicLink(folder, outside);
    }

    /** A file outside the store holding "keep", and a link to it at {@code relative} in the run. */
    private Path linkedToAVictim(String relative) throws IOException {
        Path victim = Files.writeString(outside.resolve("victim"), "keep");
        Files.createDirectories(run.resolve(relative).getParent());
        Files.createSymbolicLink(run.resolve(relative), victim);
        return victim;
    }

    @Test
    void aMetricsFolderLinkedElsewhereGetsNoPoint() throws IOException {
        replacedByLink(run.resolve("metrics"));
        IOException e = assertThrows(IOException.class, () -> store.logBatch(RUN,
                List.of(new Metric("loss", 0.5, 1000, 0)), List.of(), List.of()));
        assertTrue(e.getCause() != null ? e.getCause().getMessage().contains("symbolic link")
                : e.getMessage().contains("symbolic link"), e.toString());
        assertEquals(List.of(), List.of(outside.toFile().list()));
    }

    @Test
    void aMetricFileLinkedElsewhereIsNotAppendedTo() throws IOException {
        Path victim = linkedToAVictim("metrics/loss");
        assertThrows(IOException.class, () -> store.logBatch(RUN, List.of(new Metric("loss", 0.5, 1000, 0)),
                List.of(), List.of()));
        assertEquals("keep", Files.readString(victim));
    }

    @Test
    void aParamsFolderLinkedElsewhereGetsNoParam() throws IOException {
        replacedByLink(run.resolve("params"));
        assertThrows(IOException.class, () -> store.logBatch(RUN, List.of(), List.of(new Param("lr", "0.1")),
                List.of()));
        assertEquals(List.of(), List.of(outside.toFile().list()));
    }

    @Test
    void aParamFileLinkedToAnEndlessDeviceIsNotReadToCompare() throws IOException {
        Files.createDirectories(run.resolve("params"));
        Files.createSymbolicLink(run.resolve("params/lr"), Path.of("/dev/zero"));
        IOException e = assertThrows(IOException.class, () -> store.logBatch(RUN, List.of(),
                List.of(new Param("lr", "0.1")), List.of()));
        assertTrue(String.valueOf(e.getCause()).contains("params"), e.toString());
    }

    @Test
    void anArtifactsFolderLinkedElsewhereGetsNoArtifact() throws IOException {
        replacedByLink(run.resolve("artifacts"));
        assertThrows(IOException.class, () -> store.logArtifact(RUN, "model/MLmodel",
                "flavors: {}\n".getBytes(StandardCharsets.UTF_8)));
        Path source = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(source.resolve("weights.bin"), "w");
        assertThrows(IOException.class, () -> store.logArtifactFile(RUN, "model", source));
        assertEquals(List.of(), List.of(outside.toFile().list()));
    }

    @Test
    void aTagFileLinkedElsewhereIsReplacedNotWrittenThrough() throws IOException {
        Path victim = linkedToAVictim("tags/team");
        store.logBatch(RUN, List.of(), List.of(), List.of(new Tag("team", "ml")));
        assertEquals("keep", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(run.resolve("tags/team")));
        assertEquals("ml", Files.readString(run.resolve("tags/team")));
    }
}
