package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a reader takes from a run comes from inside it and is small when it should be: a link planted in a run (a
 * shared store, another user) or a huge file must not make a reader show a file from elsewhere on the machine or
 * fill its heap. A folder swapped for a link while it is read is {@code UiServerTest}'s, through the UI.
 */
class ConfinedReadsTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";
    private static final String MODEL = "m-00112233445566778899aabbccddeeff";
    /** Linux resolves at most 40 links in one path. */
    private static final int KERNEL_MAX_LINKS = 40;
    private static final String MLMODEL = "flavors:\n  xgboost:\n    data: model.ubj\n";

    @TempDir
    Path tmp;
    private LocalStore store;
    private Path run;
    private Path artifacts;
    private Path outside;

    @BeforeEach
    void runWithAModelAndAnOutsideFolder() throws IOException {
        store = new LocalStore(tmp.resolve("mlruns"));
        store.createRun(new NewRun(RUN, "Default", "run-1", 1_732_300_000_000L, "alice", Map.of()));
        store.createLoggedModel(new LoggedModel(RUN, MODEL, "model", 2000));
        run = tmp.resolve("mlruns/0/" + RUN);
        artifacts = run.resolve("artifacts");
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("MLmodel"), "flavors:\n  outside_flavor:\n    data: x\n");
    }

    private List<LoggedModelInfo> models() {
        return new LocalStoreReader(tmp.resolve("mlruns")).loggedModels(RUN);
    }

    private static String text(SeekableByteChannel channel) throws IOException {
        try (channel) {
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anMlmodelInsideTheRunIsRead() throws IOException {
        store.logArtifact(RUN, "model/MLmodel", MLMODEL.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("xgboost"), models().get(0).flavors());
    }

    @Test
    void anMlmodelLinkedOutsideTheRunIsNotRead() throws IOException {
        Files.createDirectories(artifacts.resolve("model"));
        Files.createSymbolicLink(artifacts.resolve("model/MLmodel"), outside.resolve("MLmodel"));
        assertEquals(List.of(new LoggedModelInfo(MODEL, "model", "PENDING", List.of(), null, List.of())), models());
    }

    @Test
    void anMlmodelOfThreeGigabytesIsSkippedWithoutBeingRead() throws IOException {
        Files.createDirectories(artifacts.resolve("model"));
        try (RandomAccessFile sparse = new RandomAccessFile(artifacts.resolve("model/MLmodel").toFile(), "rw")) {
            sparse.setLength(3L << 30);
        }
        assertEquals(List.of(new LoggedModelInfo(MODEL, "model", "PENDING", List.of(), null, List.of())), models());
    }

    @Test
    void aModelsMetaYamlOrARegistryVersionLinkedOutsideIsNotRead() throws IOException {
        store.registerModelVersion(new ModelVersionRequest("reg", RUN, MODEL, "model", Map.of()));
        Path version = tmp.resolve("mlruns/models/reg/version-1/meta.yaml");
        Files.move(version, outside.resolve("version.yaml"));
        Files.createSymbolicLink(version, outside.resolve("version.yaml"));
        assertEquals(List.of(), models().get(0).registeredVersions());

        Path meta = run.getParent().resolve("models").resolve(MODEL).resolve("meta.yaml");
        Files.move(meta, outside.resolve("meta.yaml"));
        Files.createSymbolicLink(meta, outside.resolve("meta.yaml"));
        assertEquals(List.of(), models());
    }

    @Test
    void linksInsideTheFolderAreFollowedThoseLeavingItAndEndlessChainsAreNot() throws IOException {
        Files.createDirectories(artifacts.resolve("real/deep"));
        Files.writeString(artifacts.resolve("real/deep/a.txt"), "inside");
        Files.createSymbolicLink(artifacts.resolve("via"), artifacts.resolve("real"));
        Files.createSymbolicLink(artifacts.resolve("real/up"), Path.of(".."));
        Files.createSymbolicLink(artifacts.resolve("out"), outside);
        Files.createSymbolicLink(artifacts.resolve("loop"), artifacts.resolve("loop"));
        Files.createSymbolicLink(artifacts.resolve("root"), artifacts);
        Path chain = artifacts.resolve("real/deep/a.txt");
        for (int i = 0; i <= KERNEL_MAX_LINKS; i++) {
            chain = Files.createSymbolicLink(artifacts.resolve("chain" + i), chain);
        }

        assertEquals("inside", text(RunFiles.open(artifacts, "via/deep/a.txt")));
        assertEquals("inside", text(RunFiles.open(artifacts, "via/up/via/./deep//a.txt")));
        assertEquals("inside", text(RunFiles.open(artifacts, "root/real/deep/a.txt")));
        assertEquals("inside", text(RunFiles.open(artifacts, "chain" + (KERNEL_MAX_LINKS - 1))));
        assertNull(RunFiles.open(artifacts, "chain" + KERNEL_MAX_LINKS));
        assertNull(RunFiles.open(artifacts, "out/MLmodel"));
        assertNull(RunFiles.open(artifacts, "loop"));
        assertNull(RunFiles.open(artifacts, "real/../../meta.yaml"));
        assertNull(RunFiles.open(artifacts, "real/deep"));
        assertNull(RunFiles.open(artifacts, "real/nothing"));
    }

    @Test
    void withoutSecureDirectoryStreamsAFileIsCheckedBeforeAndAfterOpening() throws IOException {
        Files.writeString(Files.createDirectories(artifacts.resolve("real")).resolve("a.txt"), "inside");
        Files.createSymbolicLink(artifacts.resolve("out"), outside);
        Path real = artifacts.toRealPath();
        assertEquals("inside", text(ConfinedWalk.openByPath(artifacts, real, "real/a.txt")));
        assertNull(ConfinedWalk.openByPath(artifacts, real, "out/MLmodel"));
        assertNull(ConfinedWalk.openByPath(artifacts, real, "real/nothing"));
    }
}
