package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.autolog.logging.Said;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sync state files: the format Jackson's data binding wrote (spools of earlier versions) is read and written alike. */
class SyncStatesTest {
    private static final String RUN = "a".repeat(32);
    /** How the files were written before: Jackson's binding of the public fields. */
    private final ObjectMapper jackson = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);
    @TempDir
    Path dir;

    @Test
    void aNewRunsStateWrittenWithoutTheJsonWriterLoadsAsTheStateOfANewRun() throws IOException {
        SyncStates states = new SyncStates(dir, URI.create("http://127.0.0.1:5000"));
        states.saveNewRun(RUN);
        assertEquals(jackson.writeValueAsString(SyncState.ofNewRun()), jackson.writeValueAsString(states.load(RUN)));
        assertEquals(List.of(RUN), states.unfinished());
    }

    private static SyncState everyField() {
        SyncState s = new SyncState();
        s.neverSent = true;
        s.remoteRunId = "r1";
        s.artifactUri = "mlflow-artifacts:/0/r1/artifacts";
        s.metricOffsets = new LinkedHashMap<>(Map.of("loss", 123_456_789_012L));
        s.params = new LinkedHashSet<>(Set.of("depth"));
        s.tags.put("mlflow.runName", "fancy-\u732b");
        s.tags.put("note", null);
        s.artifacts.put("model/MLmodel", "12:34");
        s.truncations.add("param x");
        s.artifactsKeptLocally = true;
        ModelSyncState m = new ModelSyncState();
        m.remoteModelId = "m-1";
        m.createSent = true;
        m.linked = true;
        m.params.add("eta");
        m.tags.put("k", "v");
        m.metricOffsets.put("auc", 7L);
        m.artifacts.put("model.json", "1:2");
        m.finalized = 2;
        s.models.put("local-model", m);
        RegistrationSyncState r = new RegistrationSyncState();
        r.createSent = true;
        r.remoteVersion = "3";
        s.registrations.put("iris/version-1", r);
        s.ended = true;
        s.abandoned = "deleted on the server";
        return s;
    }

    @Test
    void aStateSavedByEarlierVersionsReadsBackWithEveryField() throws Exception {
        SyncStates states = new SyncStates(dir, URI.create("http://localhost:5000"));
        Files.createDirectories(states.dir());
        Files.write(states.dir().resolve(RUN + ".json"), jackson.writeValueAsBytes(everyField()));

        assertEquals(jackson.writeValueAsString(everyField()), jackson.writeValueAsString(states.load(RUN)));
    }

    @Test
    void aSavedStateIsWhatEarlierVersionsWroteAndRead() throws Exception {
        SyncStates states = new SyncStates(dir, URI.create("http://localhost:5000"));
        states.save(RUN, everyField());

        String saved = Files.readString(states.dir().resolve(RUN + ".done.json"));
        assertEquals(jackson.readTree(jackson.writeValueAsString(everyField())), jackson.readTree(saved));
        assertEquals(jackson.writeValueAsString(everyField()),
                jackson.writeValueAsString(jackson.readValue(saved, SyncState.class)));
    }

    @Test
    void unknownFieldsAndNullCollectionsAreTolerated() throws Exception {
        SyncStates states = new SyncStates(dir, URI.create("http://localhost:5000"));
        Files.createDirectories(states.dir());
        Files.writeString(states.dir().resolve(RUN + ".json"),
                "{\"remoteRunId\":\"r9\",\"fromTheFuture\":{\"x\":[1,2]},\"params\":null,\"ended\":false}");

        SyncState s = states.load(RUN);
        assertEquals("r9", s.remoteRunId);
        assertEquals(Set.of(), s.params);
        assertEquals(List.of(RUN), states.unfinished());
    }

    @Test
    void aBrokenStateFileIsAnIoErrorNamingTheField() throws Exception {
        SyncStates states = new SyncStates(dir, URI.create("http://localhost:5000"));
        Files.createDirectories(states.dir());
        Path file = states.dir().resolve(RUN + ".json");

        Files.writeString(file, "{\"metricOffsets\":{\"loss\":\"many\"}}");
        IOException wrongKind = assertThrows(IOException.class, () -> states.load(RUN));
        assertTrue(wrongKind.getMessage().contains("metricOffsets.loss"), wrongKind.getMessage());

        Files.writeString(file, "[".repeat(5000));
        assertThrows(IOException.class, () -> states.load(RUN));
        Files.writeString(file, "{\"ended\":tru");
        assertThrows(IOException.class, () -> states.load(RUN));
    }

    /**
     * A start reads only the states of runs not done yet: the state of a run the server has in full is its done file,
     * never read by {@code unfinished()} (a store that sent 10,000 runs took a second of every start to read them all).
     */
    @Test
    void aDoneStateGoesToItsDoneFileWhichAStartDoesNotRead() throws Exception {
        SyncStates states = new SyncStates(dir, URI.create("http://localhost:5000"));
        String pending = "b".repeat(32);
        SyncState sending = new SyncState();
        sending.remoteRunId = "r2";
        states.save(pending, sending);
        states.save(RUN, everyField());

        assertEquals(List.of(RUN + ".done.json", pending + ".json"), names(states));
        Files.writeString(states.dir().resolve(RUN + ".done.json"), "not JSON");
        assertEquals("", Said.text(() -> assertEquals(List.of(pending), states.unfinished())));
        assertThrows(IOException.class, () -> states.load(RUN)); // the done file is the run's state
    }

    @Test
    void aDoneStateThatEarlierVersionsKeptInThePendingFileMovesToItsDoneFileAtTheNextStart() throws Exception {
        SyncStates states = new SyncStates(dir, URI.create("http://localhost:5000"));
        Files.createDirectories(states.dir());
        Files.write(states.dir().resolve(RUN + ".json"), jackson.writeValueAsBytes(everyField()));

        assertEquals(List.of(), states.unfinished());
        assertEquals(List.of(RUN + ".done.json"), names(states));
        assertEquals(jackson.writeValueAsString(everyField()), jackson.writeValueAsString(states.load(RUN)));
    }

    /** One unreadable state (a stray file, a hand edit) used to stop the backend from opening at all. */
    @Test
    void anUnreadableStateIsOneLineAndLeavesOnlyItsRunOut() throws Exception {
        SyncStates states = new SyncStates(dir, URI.create("http://localhost:5000"));
        String broken = "c".repeat(32);
        states.saveNewRun(RUN);
        Files.writeString(states.dir().resolve(broken + ".json"), "garbage{\n\u001b[31m");

        String output = Said.text(() -> assertEquals(List.of(RUN), states.unfinished()));
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.startsWith("autolog: the sync state " + states.dir().resolve(broken + ".json")
                + " cannot be read ("), output);
        assertFalse(output.contains("\u001b"), output);
    }

    /** A FIFO would block the writer thread that opens the backend for good; a huge file would fill the heap. */
    @Test
    void aFifoOrAHugeFileAmongTheStatesIsRefusedUnopened() throws Exception {
        SyncStates states = new SyncStates(dir, URI.create("http://localhost:5000"));
        states.saveNewRun(RUN);
        Path fifo = states.dir().resolve("d".repeat(32) + ".json");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        try (RandomAccessFile huge = new RandomAccessFile(states.dir().resolve("e".repeat(32) + ".json").toFile(),
                "rw")) {
            huge.setLength(SyncStates.MAX_STATE_BYTES + 1L); // sparse: no disk used
        }

        String output = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> Said.text(() -> assertEquals(List.of(RUN), states.unfinished())));
        List<String> lines = output.lines().toList();
        assertEquals(2, lines.size(), output);
        assertTrue(lines.get(0).contains("not a regular file"), output);
        assertTrue(lines.get(1).contains("larger than"), output);
    }

    private static List<String> names(SyncStates states) throws IOException {
        try (var files = Files.list(states.dir())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
