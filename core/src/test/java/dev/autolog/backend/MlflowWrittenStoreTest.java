package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores as MLflow 2.9.2 and 3.11.1 write them (research/mlflow-models.md, mlflow.md §4.1): {@code meta.yaml} by
 * PyYAML's {@code yaml.dump(default_flow_style=False, allow_unicode=True)} (these texts are its output), metric
 * lines by {@code "%s %s %s"}.
 */
class MlflowWrittenStoreTest {
    private static final String EXPERIMENT = "918375865121914813";
    private static final String RUN = "c0ffee62dcf438785f981733432cfa01";

    @TempDir
    Path root;

    private Path write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private void experimentAndRun(String runName) throws IOException {
        write(EXPERIMENT + "/meta.yaml", "artifact_location: file:///tmp/mlruns/" + EXPERIMENT + "\n"
                + "creation_time: 1700000000000\nexperiment_id: '" + EXPERIMENT + "'\nlast_update_time: 1700000000000\n"
                + "lifecycle_stage: active\n"
                + "name: Long experiment name with spaces that PyYAML folds across lines because it is\n"
                + "  longer than eighty\ntrace_location: null\nworkspace: default\n");
        write(EXPERIMENT + "/" + RUN + "/meta.yaml", "artifact_uri: file:///tmp/mlruns/" + EXPERIMENT + "/" + RUN
                + "/artifacts\ndeleted_time: null\nend_time: 1700000003000\nentry_point_name: ''\nexperiment_id: '"
                + EXPERIMENT + "'\nlifecycle_stage: active\nrun_id: " + RUN + "\n" + runName
                + "source_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: 1700000002000\nstatus: 3\n"
                + "tags: []\nuser_id: root\n");
    }

    @Test
    void lineBreaksPyYamlWritesAsBlankLinesInQuotedValuesAreReadBack() throws IOException {
        experimentAndRun("run_name: 'child\n\n  with newline\n\n\n  and two\n\n  '\n");
        LocalStoreReader reader = new LocalStoreReader(root);

        assertEquals("child\nwith newline\n\nand two\n", reader.run(RUN).orElseThrow().runName());
        assertEquals("Long experiment name with spaces that PyYAML folds across lines because it is longer than"
                + " eighty", reader.experiments().get(0).name());
    }

    @Test
    void blankLinesInDoubleQuotedAndPlainValuesAreLineBreaksToo() {
        assertEquals(List.of("tab\there\n\nnext", "a b\nc", "x\\\ny"),
                List.of(YamlMeta.parse("v: \"tab\\there\n\n\n  next\"\n").get("v"),
                        YamlMeta.parse("v: a\n  b\n\n  c\nw: 1\n").get("v"),
                        YamlMeta.parse("v: 'x\\\n\n  y'\n").get("v")));
    }

    @Test
    void metricLinesOfMlflow3NamingTheirDatasetAreReadWithTheStepTheyHold() throws IOException {
        experimentAndRun("run_name: r\n");
        write(EXPERIMENT + "/" + RUN + "/metrics/val_acc",
                "1700000001000 0.8 3 train-ds 1c3cfca7\n1700000002000 nan -2 valid a9345468\n");
        LocalStoreReader reader = new LocalStoreReader(root);

        List<Metric> expected = List.of(new Metric("val_acc", 0.8, 1700000001000L, 3),
                new Metric("val_acc", Double.NaN, 1700000002000L, -2));
        assertEquals(expected, reader.metrics(RUN).get("val_acc"));
        assertEquals(expected.get(1), reader.lastPoints(RUN).get("val_acc"));
        assertEquals(expected, MetricLines.parse("val_acc", ("1700000001000 0.8 3 train-ds 1c3cfca7\n"
                + "1700000002000 nan -2 valid a9345468\n").getBytes(StandardCharsets.UTF_8)).asList());
    }

    /** A model as MLflow 2.9.2's {@code log_model} leaves it: files under the run, recorded only in the run's tag. */
    private void mlflow2Model(String historyTag) throws IOException {
        experimentAndRun("run_name: r\n");
        String run = EXPERIMENT + "/" + RUN;
        write(run + "/tags/mlflow.log-model.history", historyTag);
        write(run + "/artifacts/model/MLmodel", "artifact_path: model\nflavors:\n  python_function:\n"
                + "    data: model.xgb\n    env:\n      conda: conda.yaml\n      virtualenv: python_env.yaml\n"
                + "    loader_module: mlflow.xgboost\n    python_version: 3.11.2\n  xgboost:\n    code: null\n"
                + "    data: model.xgb\n    model_class: xgboost.core.Booster\n    model_format: xgb\n"
                + "    xgb_version: 1.7.4\nmlflow_version: 2.9.2\nmodel_size_bytes: 1637\n"
                + "model_uuid: c33a520d83b04fae970f283dcd81a924\nrun_id: " + RUN + "\nsignature:\n"
                + "  inputs: '[{\"type\": \"double\", \"name\": \"f0\"}, {\"type\": \"double\", \"name\": \"f1\"},\n"
                + "    {\"type\": \"long\", \"name\": \"cnt\"}]'\n"
                + "  outputs: '[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1]}}]'\n"
                + "  params: null\nutc_time_created: '2026-12-05 06:33:15.103855'\n");
        write("models/jvm-xgb/version-1/meta.yaml", "aliases: []\ncreation_timestamp: 1700000006000\n"
                + "current_stage: None\ndescription: ''\nlast_updated_timestamp: 1700000006000\nname: jvm-xgb\n"
                + "run_id: " + RUN + "\nrun_link: ''\nsource: file:///tmp/mlruns/" + run + "/artifacts/model\n"
                + "status: READY\nstatus_message: null\nstorage_location: file:///tmp/mlruns/" + run
                + "/artifacts/model\nuser_id: ''\nversion: 1\n");
        write("models/jvm-xgb/version-2/meta.yaml", "name: jvm-xgb\nrun_id: " + RUN + "\nsource: runs:/" + RUN
                + "/model\nstatus: READY\nversion: 2\n");
    }

    @Test
    void modelsMlflow2RecordsOnlyInTheLogModelHistoryTagAreListedWithTheirMlmodel() throws IOException {
        mlflow2Model("[{\"run_id\": \"" + RUN + "\", \"artifact_path\": \"model\", \"utc_time_created\":"
                + " \"2026-12-05 06:33:15.103855\", \"flavors\": {\"xgboost\": {\"data\": \"model.xgb\"}},"
                + " \"model_uuid\": \"c33a520d83b04fae970f283dcd81a924\"}, {\"artifact_path\": \"spark\\u00e9\","
                + " \"flavors\": {\"spark\": {}, \"python_function\": {}}, \"model_uuid\": \"u2\", \"x\": [1e-5, NaN,"
                + " -Infinity, true, null]}]");

        assertEquals(List.of(new LoggedModelInfo("c33a520d83b04fae970f283dcd81a924", "model", "READY",
                        List.of("python_function", "xgboost"), "[{\"type\": \"double\", \"name\": \"f0\"}, {\"type\":"
                        + " \"double\", \"name\": \"f1\"}, {\"type\": \"long\", \"name\": \"cnt\"}]",
                        List.of("jvm-xgb v1", "jvm-xgb v2")),
                new LoggedModelInfo("u2", "spark\u00e9", "READY", List.of("spark", "python_function"), null,
                        List.of())), sortedVersions(new LocalStoreReader(root).loggedModels(RUN)));
    }

    @Test
    void aMalformedLogModelHistoryTagListsNoModelAndFailsNothing() throws IOException {
        for (String tag : List.of("", "not json", "{\"artifact_path\": \"model\"}", "[{\"artifact_path\": \"model\"",
                "[1, \"model\", {\"artifact_path\": 3}, {\"artifact_path\": \"\"}]", "[".repeat(100_000),
                "[{\"artifact_path\": \"model\"}] trailing")) {
            mlflow2Model(tag);

            assertEquals(List.of(), new LocalStoreReader(root).loggedModels(RUN), tag);
        }
    }

    @Test
    void aLogModelHistoryPathOutsideTheRunsArtifactsReadsNoMlmodelThere() throws IOException {
        mlflow2Model("[{\"artifact_path\": \"../artifacts/model\", \"flavors\": {\"xgboost\": {}}, \"model_uuid\":"
                + " \"u\"}]");

        assertEquals(List.of(new LoggedModelInfo("u", "../artifacts/model", "READY", List.of("xgboost"), null,
                List.of())), new LocalStoreReader(root).loggedModels(RUN));
    }

    private static List<LoggedModelInfo> sortedVersions(List<LoggedModelInfo> models) {
        return models.stream().map(m -> new LoggedModelInfo(m.modelId(), m.name(), m.status(), m.flavors(),
                m.signatureInputs(), m.registeredVersions().stream().sorted().toList())).toList();
    }
}
