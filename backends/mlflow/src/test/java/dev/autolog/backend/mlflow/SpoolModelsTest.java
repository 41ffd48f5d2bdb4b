package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autolog.backend.LocalStore;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool's models are hostile input: what does not fit the layout is left out, nothing leaves the run. */
class SpoolModelsTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path store;

    private RunInfo run() throws Exception {
        new LocalStore(store).createRun(new NewRun(RUN, "fraud", "r", 1L, "alice", Map.of()));
        return new LocalStoreReader(store).run(RUN).orElseThrow();
    }

    @Test
    void aModelIsReadWithItsPathUnderTheRunsArtifactsAndItsRegistration() throws Exception {
        RunInfo run = run();
        SpoolModelFixture local = new SpoolModelFixture(store, RUN);
        local.loggedModel("m-1", "model-2", 2, Map.of(), Map.of());
        local.registration("fraud", 3, "m-1", Map.of("autolog.framework", "xgboost"));
        SpoolModels spool = new SpoolModels(store);

        List<SpoolModels.LoggedModel> models = spool.ofRun(run);
        assertEquals(List.of(new SpoolModels.LoggedModel("m-1", "model-2", 2,
                run.dir().getParent().resolve("models/m-1"), "model-2")), models);
        assertEquals(List.of(new SpoolModels.Registration("fraud/version-3", "fraud", RUN, "m-1", "model-2",
                Map.of("autolog.framework", "xgboost"))), spool.registrationsOf(run, models));
    }

    @Test
    void entriesOutsideTheLayoutAreLeftOut() throws Exception {
        RunInfo run = run();
        SpoolModelFixture local = new SpoolModelFixture(store, RUN);
        local.loggedModel("m-escape", "../../../etc", 2, Map.of(), Map.of());
        local.loggedModel("m-status", "model", 7, Map.of(), Map.of());
        local.loggedModel("m-other", "model", 2, Map.of(), Map.of());
        Path other = run.dir().getParent().resolve("models/m-other/meta.yaml");
        Files.writeString(other, Files.readString(other).replace("source_run_id: " + RUN, "source_run_id: x"));
        Files.createDirectories(run.dir().resolve("outputs/bad id"));
        Files.createDirectories(store.resolve("models/fraud/version-1"));
        Files.writeString(store.resolve("models/fraud/version-1/meta.yaml"), "run_id: " + RUN + "\n: :\n");

        SpoolModels spool = new SpoolModels(store);
        assertEquals(List.of(), spool.ofRun(run));
        assertEquals(List.of(), spool.registrationsOf(run, List.of()));
    }

    @Test
    void aVersionWhoseMetaIsNotWrittenYetIsFoundOnceItIs() throws Exception {
        RunInfo run = run();
        SpoolModelFixture local = new SpoolModelFixture(store, RUN);
        local.loggedModel("m-1", "model", 2, Map.of(), Map.of());
        SpoolModels spool = new SpoolModels(store);
        List<SpoolModels.LoggedModel> models = spool.ofRun(run);
        Files.createDirectories(store.resolve("models/fraud/version-1/tags"));
        assertEquals(List.of(), spool.registrationsOf(run, models));

        local.registration("fraud", 1, "m-1", Map.of());
        assertEquals(List.of("fraud/version-1"),
                spool.registrationsOf(run, models).stream().map(SpoolModels.Registration::key).toList());
    }
}
