package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MLflow's file-store lifecycle: soft-deleted runs stay in place, deleted experiments move to .trash. */
class StoreLifecycleTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void deletedRunKeepsItsFilesWithStageAndDeletedTimeAndRestoreClearsThem() throws Exception {
        new LocalStore(dir).createRun(new NewRun(RUN, "Default", "r", 1000, "me", Map.of()));
        LocalStoreReader reader = new LocalStoreReader(dir);
        StoreLifecycle lifecycle = new StoreLifecycle(dir);

        lifecycle.deleteRun(reader.run(RUN).orElseThrow(), 4242);
        Map<String, String> meta = YamlMeta.read(dir.resolve("0").resolve(RUN).resolve("meta.yaml"));
        assertEquals("deleted", meta.get("lifecycle_stage"));
        assertEquals("4242", meta.get("deleted_time"));
        assertTrue(Files.readString(dir.resolve("0").resolve(RUN).resolve("meta.yaml")).contains("deleted_time: 4242\n"));
        assertEquals("deleted", reader.run(RUN).orElseThrow().lifecycleStage());

        lifecycle.restoreRun(reader.run(RUN).orElseThrow());
        meta = YamlMeta.read(dir.resolve("0").resolve(RUN).resolve("meta.yaml"));
        assertEquals("active", meta.get("lifecycle_stage"));
        assertEquals(null, meta.get("deleted_time"));
    }

    @Test
    void experimentRenamesDeletesIntoTrashAndRestores() throws Exception {
        new LocalStore(dir).createRun(new NewRun(RUN, "first", "r", 1000, "me", Map.of()));
        LocalStoreReader reader = new LocalStoreReader(dir);
        String id = reader.experiments().stream().filter(e -> e.name().equals("first")).findFirst().orElseThrow().id();
        StoreLifecycle lifecycle = new StoreLifecycle(dir);

        lifecycle.renameExperiment(id, "second", 5000);
        Map<String, String> meta = YamlMeta.read(dir.resolve(id).resolve("meta.yaml"));
        assertEquals("second", meta.get("name"));
        assertEquals(id, meta.get("experiment_id"));
        assertEquals("5000", meta.get("last_update_time"));

        lifecycle.deleteExperiment(id, 6000);
        assertFalse(Files.exists(dir.resolve(id)));
        assertEquals("deleted", YamlMeta.read(dir.resolve(".trash").resolve(id).resolve("meta.yaml"))
                .get("lifecycle_stage"));
        assertTrue(Files.isDirectory(dir.resolve(".trash").resolve(id).resolve(RUN)));
        assertTrue(reader.experiments().stream().noneMatch(e -> e.id().equals(id)));

        Files.createDirectories(dir.resolve(id));
        assertThrows(FileAlreadyExistsException.class, () -> lifecycle.restoreExperiment(id, 7000));
        Files.delete(dir.resolve(id));
        lifecycle.restoreExperiment(id, 7000);
        assertEquals("active", YamlMeta.read(dir.resolve(id).resolve("meta.yaml")).get("lifecycle_stage"));
        assertEquals(RUN, reader.runs(id).get(0).runId());
    }
}
