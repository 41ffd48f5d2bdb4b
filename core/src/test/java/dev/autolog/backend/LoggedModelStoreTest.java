package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local store's LoggedModels (MLflow 3 file-store layout) and model registry (MLflow's file registry). */
class LoggedModelStoreTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";
    private static final String MODEL = "m-00112233445566778899aabbccddeeff";

    @TempDir
    Path root;

    private LocalStore storeWithRun() throws Exception {
        LocalStore store = new LocalStore(root);
        store.createRun(new NewRun(RUN, "", "r", 1000, "alice", Map.of("mlflow.source.name", "Main",
                "mlflow.source.type", "LOCAL")));
        return store;
    }

    @Test
    void loggedModelIsPendingThenReadyWithParamsMetricsAndRunOutputAndTheReaderSeesOneRun() throws Exception {
        LocalStore store = storeWithRun();
        store.createLoggedModel(new LoggedModel(RUN, MODEL, "model-2", 2000));
        Path exp = root.resolve("0");
        Path model = exp.resolve("models").resolve(MODEL);
        String artifacts = exp.resolve(RUN).resolve("artifacts").toUri().toString().replaceAll("/$", "");
        assertEquals("artifact_location: " + artifacts + "/model-2\ncreation_timestamp: 2000\nexperiment_id: '0'\n"
                + "last_updated_timestamp: 2000\nlifecycle_stage: active\nmodel_id: " + MODEL + "\nmodel_type: null\n"
                + "name: model-2\nsource_run_id: " + RUN + "\nstatus: 1\nstatus_message: null\n",
                Files.readString(model.resolve("meta.yaml")));
        assertEquals("destination_id: " + MODEL + "\ndestination_type: MODEL_OUTPUT\nsource_id: " + MODEL
                + "\nsource_type: RUN_OUTPUT\nstep: 0\ntags: {}\n",
                Files.readString(exp.resolve(RUN).resolve("outputs").resolve(MODEL).resolve("meta.yaml")));
        assertEquals(List.of(), Files.list(model.resolve("metrics")).toList());

        store.logLoggedModelParams(RUN, MODEL, List.of(new Param("eta", "0.3")));
        store.logLoggedModelMetrics(RUN, MODEL, List.of(new Metric("loss", 0.5, 3000, 0), new Metric("loss", 0.25, 3001, 1)));
        store.finalizeLoggedModel(RUN, MODEL, LoggedModelStatus.READY, 4000);

        assertEquals("0.3", Files.readString(model.resolve("params/eta")));
        assertEquals("3000 0.5 0 " + RUN + "\n3001 0.25 1 " + RUN + "\n", Files.readString(model.resolve("metrics/loss")));
        assertEquals("LOCAL", Files.readString(model.resolve("tags/mlflow.source.type")));
        assertEquals("artifact_location: " + artifacts + "/model-2\ncreation_timestamp: 2000\nexperiment_id: '0'\n"
                + "last_updated_timestamp: 4000\nmodel_id: " + MODEL + "\nmodel_type: null\n"
                + "name: model-2\nsource_run_id: " + RUN + "\nstatus: 2\nstatus_message: null\n",
                Files.readString(model.resolve("meta.yaml")));
        LocalStoreReader reader = new LocalStoreReader(root);
        assertEquals(List.of(RUN), reader.runs("0").stream().map(RunInfo::runId).toList());
        assertEquals(List.of("0"), reader.experiments().stream().map(ExperimentInfo::id).toList());
    }

    @Test
    void aRunAndItsModelKeepNoMetricFileOpenOnceEndedAndFinalized() throws Exception {
        LocalStore store = storeWithRun();
        store.createLoggedModel(new LoggedModel(RUN, MODEL, "model", 2000));
        List<Metric> points = List.of(new Metric("loss", 0.5, 3000, 0));
        store.logBatch(RUN, points, List.of(), List.of());
        store.logLoggedModelMetrics(RUN, MODEL, points);
        assertEquals(2, openFilesUnder(root), "held open while the training logs");

        store.finalizeLoggedModel(RUN, MODEL, LoggedModelStatus.READY, 4000);
        store.endRun(RUN, dev.autolog.RunStatus.FINISHED, 5000);

        assertEquals(0, openFilesUnder(root));
    }

    @Test
    void aModelsPointsAreItsOwnWhetherTheRunsBatchHeldTheSamePointsOrOthers() throws Exception {
        LocalStore store = storeWithRun();
        store.createLoggedModel(new LoggedModel(RUN, MODEL, "model", 2000));
        Metric first = new Metric("loss", 0.1, 3000, 0);
        Metric second = new Metric("loss", 1.0E-7, 3001, 1);
        Metric accuracy = new Metric("acc", 0.75, 3001, 1);
        store.logBatch(RUN, List.of(first, second, accuracy), List.of(), List.of());
        store.logLoggedModelMetrics(RUN, MODEL, List.of(first, second, accuracy));
        store.logBatch(RUN, List.of(new Metric("loss", 2.5, 3002, 2), accuracy), List.of(), List.of());
        store.logLoggedModelMetrics(RUN, MODEL, List.of(new Metric("loss", 2.25, 3002, 2), new Metric("acc", 0.5, 3003, 3)));

        Path model = root.resolve("0").resolve("models").resolve(MODEL);
        assertEquals("3000 0.1 0 " + RUN + "\n3001 1.0E-7 1 " + RUN + "\n3002 2.25 2 " + RUN + "\n",
                Files.readString(model.resolve("metrics/loss")));
        assertEquals("3001 0.75 1 " + RUN + "\n3003 0.5 3 " + RUN + "\n", Files.readString(model.resolve("metrics/acc")));
        assertEquals("3000 0.1 0\n3001 1.0E-7 1\n3002 2.5 2\n", Files.readString(root.resolve("0").resolve(RUN)
                .resolve("metrics/loss")));
    }

    /** How many files this process has open under {@code dir} (Linux: its /proc/self/fd links). */
    private static long openFilesUnder(Path dir) throws Exception {
        Path real = dir.toRealPath();
        long n = 0;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    n += Files.readSymbolicLink(fd).startsWith(real) ? 1 : 0;
                } catch (java.io.IOException closedMeanwhile) {
                    // the listing's own descriptor, closed by now
                }
            }
        }
        return n;
    }

    @Test
    void registrationsAreConsecutiveVersionsOfOneRegisteredModelAndTheReaderSeesNoExperimentInIt() throws Exception {
        LocalStore store = storeWithRun();
        store.createLoggedModel(new LoggedModel(RUN, MODEL, "model", 2000));
        store.logArtifact(RUN, "model/MLmodel", ("flavors:\n  python_function:\n    data: model.ubj\n  xgboost:\n"
                + "    data: model.ubj\nsignature:\n  inputs: '[{\"type\": \"double\", \"name\": \"f0\"}]'\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, String> tags = Map.of("autolog.run_id", RUN);
        store.registerModelVersion(new ModelVersionRequest("jvm-xgb", RUN, MODEL, "model", tags));
        store.registerModelVersion(new ModelVersionRequest("jvm-xgb", RUN, MODEL, "model", tags));

        Path registered = root.resolve("models/jvm-xgb");
        Map<String, String> version2 = YamlMeta.read(registered.resolve("version-2/meta.yaml"));
        String source = root.resolve("0").resolve(RUN).resolve("artifacts/model").toUri().toString()
                .replaceAll("/$", "");
        assertEquals("2", version2.get("version"));
        assertEquals(source, version2.get("source"));
        assertEquals(source, version2.get("storage_location"));
        assertEquals(MODEL, version2.get("model_id"));
        assertEquals("None", version2.get("current_stage"));
        assertEquals(RUN, Files.readString(registered.resolve("version-1/tags/autolog.run_id")));
        assertEquals("jvm-xgb", YamlMeta.read(registered.resolve("meta.yaml")).get("name"));
        assertEquals(List.of(new LoggedModelInfo(MODEL, "model", "PENDING", List.of("python_function", "xgboost"),
                "[{\"type\": \"double\", \"name\": \"f0\"}]", List.of("jvm-xgb v1", "jvm-xgb v2"))),
                new LocalStoreReader(root).loggedModels(RUN));
        assertEquals(List.of("0"), new LocalStoreReader(root).experiments().stream().map(ExperimentInfo::id)
                .toList());
        assertTrue(assertThrows(java.io.IOException.class, () -> store.registerModelVersion(
                new ModelVersionRequest("../x", RUN, MODEL, "model", tags))).getMessage().contains("'../x'"));
    }

    @Test
    void aRunsModelsAndTheirRegisteredVersionsAreReadOnceEachNotOncePerPair() throws Exception {
        storeWithRun();
        Path run = root.resolve("0").resolve(RUN);
        for (int m = 0; m < 200; m++) {
            String id = String.format("m-%032x", m);
            Files.createDirectories(run.resolve("outputs").resolve(id));
            Files.createDirectories(root.resolve("0/models").resolve(id));
            Files.writeString(root.resolve("0/models").resolve(id).resolve("meta.yaml"), "model_id: " + id
                    + "\nname: model\nstatus: 2\n");
        }
        for (int r = 0; r < 20; r++) {
            for (int v = 1; v <= 100; v++) {
                Path version = root.resolve(String.format("models/reg%02d/version-%d", r, v));
                Files.createDirectories(version);
                Files.writeString(version.resolve("meta.yaml"), String.format("name: reg%02d\nversion: %d\n"
                        + "model_id: m-%032x\n", r, v, (r * 100 + v - 1) % 200));
            }
        }

        // 200 models each reading the registry's 2,000 versions took about a minute
        List<LoggedModelInfo> models = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> new LocalStoreReader(root).loggedModels(RUN));

        assertEquals(200, models.size());
        assertEquals(List.of("reg00 v1", "reg02 v1", "reg04 v1", "reg06 v1", "reg08 v1", "reg10 v1", "reg12 v1",
                "reg14 v1", "reg16 v1", "reg18 v1"), models.get(0).registeredVersions());
        assertEquals(new LoggedModelInfo(String.format("m-%032x", 199), "model", "READY", List.of(), null,
                List.of("reg01 v100", "reg03 v100", "reg05 v100", "reg07 v100", "reg09 v100", "reg11 v100",
                        "reg13 v100", "reg15 v100", "reg17 v100", "reg19 v100")), models.get(199));
    }
}
