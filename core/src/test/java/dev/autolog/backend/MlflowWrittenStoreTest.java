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
}
