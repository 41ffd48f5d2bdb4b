package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runs show} and {@code experiments list} on stores as MLflow 2.9.2's and 3.11.1's file stores write them
 * (research/mlflow-models.md §4.5, §6.7: the files of their real runs, {@code meta.yaml} and {@code MLmodel} as PyYAML
 * folds them): a LoggedModel's files in {@code <experiment>/models/<m-id>/artifacts/}, column specs with
 * {@code "required": true}, MLflow 2's models recorded only in the run's {@code mlflow.log-model.history} tag, a
 * deleted experiment's folder moved to {@code .trash} with its runs.
 */
class MlflowStoreShowTest {
    private static final String E = "918375865121914813";
    private static final String R = "b4356a962dcf438785f981733432cfaf";
    private static final String M = "m-103c791cecf143e59010b6776309408d";

    @TempDir
    Path store;

    private void write(String relative, String text) throws IOException {
        Path file = store.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void mlflow3Run() throws IOException {
        String uri = store.toUri().toString().replaceFirst("^file:/+", "file:///");
        write(E + "/meta.yaml", "artifact_location: " + uri + E + "\ncreation_time: 1796451974000\nexperiment_id: '"
                + E + "'\nlast_update_time: 1796451974000\nlifecycle_stage: active\nname: ex3\ntrace_location: null\n"
                + "workspace: default\n");
        write(E + "/" + R + "/meta.yaml", "artifact_uri: " + uri + E + "/" + R + "/artifacts\ndeleted_time: null\n"
                + "end_time: 1796451977600\nentry_point_name: ''\nexperiment_id: '" + E + "'\nlifecycle_stage: active\n"
                + "run_id: " + R + "\nrun_name: ex3-run\nsource_name: ''\nsource_type: 4\nsource_version: ''\n"
                + "start_time: 1796451974000\nstatus: 3\ntags: []\nuser_id: root\n");
        write(E + "/" + R + "/params/max_depth", "2");
        write(E + "/" + R + "/metrics/auc", "1796451974131 0.9 0\n1796451974131 0.9 0\n");
        write(E + "/" + R + "/outputs/" + M + "/meta.yaml", "destination_id: " + M + "\ndestination_type: MODEL_OUTPUT\n"
                + "source_id: " + M + "\nsource_type: RUN_OUTPUT\nstep: 0\ntags: {}\n");
        write(E + "/models/" + M + "/meta.yaml", "artifact_location: " + uri + E + "/models/" + M + "/artifacts\n"
                + "creation_timestamp: 1796451974188\nexperiment_id: '" + E + "'\nlast_updated_timestamp: 1796451977525\n"
                + "model_id: " + M + "\nmodel_type: null\nname: model\nsource_run_id: " + R + "\nstatus: 2\n"
                + "status_message: null\n");
        write(E + "/models/" + M + "/artifacts/MLmodel", "artifact_path: " + uri + E + "/models/" + M + "/artifacts\n"
                + "flavors:\n  python_function:\n    data: model.ubj\n    env:\n      conda: conda.yaml\n"
                + "      virtualenv: python_env.yaml\n    loader_module: mlflow.xgboost\n    python_version: 3.11.2\n"
                + "  xgboost:\n    code: null\n    data: model.ubj\n    model_class: xgboost.core.Booster\n"
                + "    model_format: ubj\n    xgb_version: 1.7.4\nis_signature_from_type_hint: false\n"
                + "mlflow_version: 3.11.1\nmodel_id: " + M + "\nmodel_size_bytes: 3538\nmodel_uuid: " + M + "\n"
                + "prompts: null\nrun_id: " + R + "\nsignature:\n"
                + "  inputs: '[{\"type\": \"double\", \"name\": \"f0\", \"required\": true}, {\"type\": \"double\",\n"
                + "    \"name\": \"f1\", \"required\": true}, {\"type\": \"long\", \"name\": \"cnt\", \"required\": true}]'\n"
                + "  outputs: '[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1]}}]'\n"
                + "  params: null\ntype_hint_from_example: false\nutc_time_created: '2026-12-05 06:26:14.196947'\n");
        write(E + "/datasets/3d863d91daa8085de1da49242d86471c/meta.yaml", "digest: 1c3cfca7\nname: train-ds\n"
                + "profile: '{\"num_rows\": 20, \"num_elements\": 100}'\n"
                + "schema: '{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"f0\", \"required\": true}, {\"type\":\n"
                + "  \"double\", \"name\": \"f1\", \"required\": true}, {\"type\": \"string\", \"name\": \"name\", \"required\":\n"
                + "  true}]}'\nsource: '{\"uri\": \"/data/train.csv\"}'\nsource_type: local\n");
        write(E + "/" + R + "/inputs/9aa710fbb61ddb5a588cdde1974c03f2/meta.yaml",
                "destination_id: 3d863d91daa8085de1da49242d86471c\ndestination_type: RUN\n"
                        + "source_id: 3d863d91daa8085de1da49242d86471c\nsource_type: DATASET\ntags:\n  custom: v\n"
                        + "  mlflow.data.context: training\n");
    }

    @Test
    void aLoggedModelsFlavorsAndSignatureAreReadFromItsOwnFolder() throws Exception {
        mlflow3Run();

        String json = Printed.run(RunsCommand.command(), store, "show", R, "--json").out();
        assertTrue(json.contains("\"models\":[{\"path\":\"model\",\"model_id\":\"" + M + "\",\"status\":\"READY\","
                + "\"flavors\":[\"python_function\",\"xgboost\"],\"signature_inputs\":\"[{\\\"type\\\": \\\"double\\\","
                + " \\\"name\\\": \\\"f0\\\", \\\"required\\\": true}, {\\\"type\\\": \\\"double\\\", \\\"name\\\":"
                + " \\\"f1\\\", \\\"required\\\": true}, {\\\"type\\\": \\\"long\\\", \\\"name\\\": \\\"cnt\\\","
                + " \\\"required\\\": true}]\",\"registered_versions\":[]}]"), json);
        String text = Printed.run(RunsCommand.command(), store, "show", R).out();
        assertTrue(text.lines().anyMatch(l -> l.matches("model\\s+" + M
                + "\\s+READY\\s+python_function, xgboost\\s+f0:double, f1:double, cnt:long")), text);
    }

    @Test
    void columnsMlflow3MarksRequiredAreShownInADatasetsSchema() throws Exception {
        mlflow3Run();

        String text = Printed.run(RunsCommand.command(), store, "show", R).out();

        assertEquals(1, text.lines().filter(l -> l.matches("train-ds\\s+1c3cfca7\\s+training\\s+local \\{\"uri\":"
                + " \"/data/train.csv\"}\\s+f0:double, f1:double, name:string\\s+\\{\"num_rows\": 20,"
                + " \"num_elements\": 100}")).count(), text);
    }

    /** MLflow 2.9.2's run: the model under the run's artifacts, recorded only in the run's log-model history tag. */
    private void mlflow2Run(String historyTag) throws IOException {
        String uri = store.toUri().toString().replaceFirst("^file:/+", "file:///");
        write(E + "/meta.yaml", "artifact_location: " + uri + E + "\ncreation_time: 1700000000000\nexperiment_id: '"
                + E + "'\nlast_update_time: 1700000000000\nlifecycle_stage: active\nname: ex2\n");
        write(E + "/" + R + "/meta.yaml", "artifact_uri: " + uri + E + "/" + R + "/artifacts\ndeleted_time: null\n"
                + "end_time: 1700000005000\nentry_point_name: ''\nexperiment_id: '" + E + "'\nlifecycle_stage: active\n"
                + "run_id: " + R + "\nrun_name: ex2-run\nrun_uuid: " + R + "\nsource_name: ''\nsource_type: 4\n"
                + "source_version: ''\nstart_time: 1700000001000\nstatus: 3\ntags: []\nuser_id: root\n");
        write(E + "/" + R + "/tags/mlflow.log-model.history", historyTag);
        write(E + "/" + R + "/artifacts/model/MLmodel", "artifact_path: model\nflavors:\n  python_function:\n"
                + "    data: model.xgb\n    loader_module: mlflow.xgboost\n  xgboost:\n    data: model.xgb\n"
                + "    model_format: xgb\nmlflow_version: 2.9.2\nmodel_uuid: c33a520d83b04fae970f283dcd81a924\n"
                + "run_id: " + R + "\nsignature:\n  inputs: '[{\"type\": \"double\", \"name\": \"f0\"}, {\"type\":"
                + " \"double\", \"name\": \"f1\"},\n    {\"type\": \"long\", \"name\": \"cnt\"}]'\n  outputs: null\n"
                + "  params: null\nutc_time_created: '2026-12-05 06:33:15.103855'\n");
        write("models/jvm-xgb/version-1/meta.yaml", "creation_timestamp: 1700000006000\nname: jvm-xgb\nrun_id: " + R
                + "\nsource: " + uri + E + "/" + R + "/artifacts/model\nstatus: READY\nversion: 1\n");
    }

    @Test
    void aModelMlflow2RecordsOnlyInTheRunsLogModelHistoryIsShownWithItsMlmodel() throws Exception {
        mlflow2Run("[{\"run_id\": \"" + R + "\", \"artifact_path\": \"model\", \"utc_time_created\": \"2026-12-05"
                + " 06:33:15.103855\", \"flavors\": {\"xgboost\": {\"data\": \"model.xgb\"}}, \"model_uuid\":"
                + " \"c33a520d83b04fae970f283dcd81a924\"}]");

        String text = Printed.run(RunsCommand.command(), store, "show", R).out();

        assertEquals(1, text.lines().filter(l -> l.matches("model\\s+c33a520d83b04fae970f283dcd81a924\\s+READY"
                + "\\s+python_function, xgboost\\s+f0:double, f1:double, cnt:long\\s+jvm-xgb v1")).count(), text);
    }

    @Test
    void aMalformedLogModelHistoryTagStillShowsTheRun() throws Exception {
        mlflow2Run("[{\"artifact_path\": ");

        Printed shown = Printed.run(RunsCommand.command(), store, "show", R);

        assertEquals(0, shown.exitCode(), shown.err());
        assertTrue(shown.out().contains("Models: none"), shown.out());
    }

    @Test
    void aDeletedExperimentsRunsInTheTrashAreCountedByExperimentsListAll() throws Exception {
        String uri = store.toUri().toString().replaceFirst("^file:/+", "file:///");
        write(".trash/3/meta.yaml", "artifact_location: " + uri + "3\ncreation_time: 1700000000000\n"
                + "experiment_id: '3'\nlast_update_time: 1700000000000\nlifecycle_stage: deleted\nname: gone\n");
        for (String run : List.of("eeee0062dcf438785f981733432cfa04", "eeee0062dcf438785f981733432cfa05")) {
            write(".trash/3/" + run + "/meta.yaml", "artifact_uri: " + uri + "3/" + run + "/artifacts\n"
                    + "end_time: 1700000007100\nentry_point_name: ''\nexperiment_id: '3'\nlifecycle_stage: active\n"
                    + "run_id: " + run + "\nrun_name: in-trash\nrun_uuid: " + run + "\nsource_name: ''\n"
                    + "source_type: 4\nsource_version: ''\nstart_time: 1700000007000\nstatus: 3\ntags: []\n"
                    + "user_id: root\n");
        }

        String json = Printed.run(ExperimentsCommand.command(), store, "list", "--all", "--json").out();

        assertTrue(json.contains("{\"experiment_id\":\"3\",\"name\":\"gone\",\"lifecycle_stage\":\"deleted\","
                + "\"runs\":2,"), json);
        String text = Printed.run(ExperimentsCommand.command(), store, "list", "--all").out();
        assertTrue(text.lines().anyMatch(l -> l.matches("3\\s+gone\\s+deleted\\s+2\\s+"
                + Formats.time(1700000007000L))), text);
    }

    @Test
    void infiniteMetricValuesMlflowWroteAreShownAsInfinityNotNullInJson() throws Exception {
        mlflow3Run();
        write(E + "/" + R + "/metrics/auc", "1700000001000 0.9 0\n1700000002000 nan 1\n1700000003000 inf 2\n"
                + "1700000004000 -inf 3\n");

        String json = Printed.run(RunsCommand.command(), store, "show", R, "--json").out();

        assertTrue(json.contains("{\"key\":\"auc\",\"latest\":\"-Infinity\",\"latest_step\":3,\"best\":\"Infinity\","
                + "\"best_direction\":\"max\",\"points\":4}"), json);
        String text = Printed.run(RunsCommand.command(), store, "show", R).out();
        assertTrue(text.lines().anyMatch(l -> l.matches("auc\\s+-Infinity\\s+3\\s+4\\s+Infinity")), text);
    }
}
