package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runs show|list} in this JVM on stores written by {@link LocalStore}. */
class RunsCommandTest {
    private static final String FIRST = "0123456789abcdef0123456789abcdef";
    private static final String SECOND = "fedcba9876543210fedcba9876543210";

    @TempDir
    Path store;

    private static List<Metric> points(String key, double... values) {
        List<Metric> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new Metric(key, values[i], 1000 + i, i));
        }
        return out;
    }

    @Test
    void bestFollowsEachMetricsDirectionUnlessBestDirectionSaysOtherwise() throws Exception {
        LocalStore writer = new LocalStore(store);
        writer.createRun(new NewRun(FIRST, "Default", "r", 1000, "me", Map.of()));
        List<Metric> all = new ArrayList<>();
        all.addAll(points("test-mcc", 0.2, 0.8, 0.5));
        all.addAll(points("ev", 0.1, 0.9, 0.3));
        all.addAll(points("heatmap", 3, 1, 2));
        all.addAll(points("test-mape", 9, 4, 6));
        all.addAll(points("aucroc_cat", 0.7, 0.9, 0.8));
        all.addAll(points("train_TopKAccuracy", 0.6, 0.75, 0.7));
        all.addAll(points("mIoU", 0.3, 0.5, 0.4));
        all.addAll(points("diverged", Double.POSITIVE_INFINITY));
        writer.logBatch(FIRST, all, List.of(), List.of());
        // a key the writer does not accept, as another tool may have written it
        Files.writeString(store.resolve("0").resolve(FIRST).resolve("metrics/pre@5"),
                "1000 0.4 0\n1001 0.6 1\n1002 0.5 2\n");

        String json = Printed.run(RunsCommand.command(), store, "show", FIRST, "--json").out();
        for (String best : List.of("\"key\":\"test-mcc\",\"latest\":0.5,\"latest_step\":2,\"best\":0.8",
                "\"key\":\"ev\",\"latest\":0.3,\"latest_step\":2,\"best\":0.9",
                "\"key\":\"pre@5\",\"latest\":0.5,\"latest_step\":2,\"best\":0.6",
                "\"key\":\"heatmap\",\"latest\":2.0,\"latest_step\":2,\"best\":1.0",
                "\"key\":\"test-mape\",\"latest\":6.0,\"latest_step\":2,\"best\":4.0",
                "\"key\":\"aucroc_cat\",\"latest\":0.8,\"latest_step\":2,\"best\":0.9",
                "\"key\":\"train_TopKAccuracy\",\"latest\":0.7,\"latest_step\":2,\"best\":0.75",
                "\"key\":\"mIoU\",\"latest\":0.4,\"latest_step\":2,\"best\":0.5",
                "\"key\":\"diverged\",\"latest\":null,\"latest_step\":0,\"best\":null")) {
            assertTrue(json.contains(best), best + " in " + json);
        }
        String text = Printed.run(RunsCommand.command(), store, "show", FIRST).out();
        assertTrue(text.lines().anyMatch(l -> l.matches("diverged\\s+Infinity\\s+0\\s+1\\s+Infinity")), text);
        String max = Printed.run(RunsCommand.command(), store, "show", FIRST, "--json", "--best-direction", "max")
                .out();
        assertTrue(max.contains("\"key\":\"test-mape\",\"latest\":6.0,\"latest_step\":2,\"best\":9.0"), max);
        Printed bad = Printed.run(RunsCommand.command(), store, "show", FIRST, "--best-direction", "up");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().startsWith("autolog: --best-direction must be max or min, not 'up'\n"), bad.err());
    }

    @Test
    void showListsTheRunsDatasetsWithTheirSchemaAndHostileNamesEscaped() throws Exception {
        LocalStore writer = new LocalStore(store);
        writer.createRun(new NewRun(FIRST, "Default", "r", 1000, "me", Map.of()));
        writer.logInputs(FIRST, List.of(new DatasetInput("train", "0a1b2c3d", "local", "{\"uri\": \"/data/train.csv\"}",
                "{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"f0\"}, {\"type\": \"long\", \"name\": \"n\"}]}",
                "{\"num_rows\": 20}", "training"), new DatasetInput("evil\u001b[31m", "12345678", "code", "{}",
                "{\"mlflow_tensorspec\": {\"features\": \"[{\\\"type\\\": \\\"tensor\\\", \\\"tensor-spec\\\": "
                        + "{\\\"dtype\\\": \\\"float32\\\", \\\"shape\\\": [-1, 4]}}]\", \"targets\": null}}", null, "eval")));

        String text = Printed.run(RunsCommand.command(), store, "show", FIRST).out();
        String datasets = text.substring(text.indexOf("Datasets"));
        assertTrue(datasets.lines().anyMatch(l -> l.matches("NAME\\s+DIGEST\\s+CONTEXT\\s+SOURCE\\s+SCHEMA\\s+PROFILE")),
                datasets);
        assertTrue(datasets.lines().anyMatch(l -> l.matches("evil\\\\e\\[31m\\s+12345678\\s+eval\\s+code \\{}\\s+"
                + "float32\\[-1, 4]\\s*")), datasets);
        assertTrue(datasets.lines().anyMatch(l -> l.matches("train\\s+0a1b2c3d\\s+training\\s+local \\{\"uri\": "
                + "\"/data/train.csv\"}\\s+f0:double, n:long\\s+\\{\"num_rows\": 20}")), datasets);
        String json = Printed.run(RunsCommand.command(), store, "show", FIRST, "--json").out();
        assertTrue(json.contains("\"datasets\":[{\"name\":\"evil\\u001b[31m\",\"digest\":\"12345678\",\"context\":"
                + "\"eval\",\"source_type\":\"code\",\"source\":\"{}\""), json);
    }

    @Test
    void lastIsTheRunStartedLastAlsoWithinOneMillisecond() throws Exception {
        LocalStore writer = new LocalStore(store);
        writer.createRun(new NewRun(FIRST, "Default", "first", 5000, "me", Map.of()));
        writer.createRun(new NewRun(SECOND, "Default", "second", 5000, "me", Map.of()));
        assertTrue(Printed.run(RunsCommand.command(), store, "show", "last", "--json").out()
                .startsWith("{\"run_id\":\"" + SECOND + "\""));
        String list = Printed.run(RunsCommand.command(), store, "list").out();
        assertEquals(List.of("second", "first"), list.lines().skip(1).map(l -> l.split("\\s+")[1]).toList(), list);

        Path other = store.resolveSibling("other");
        LocalStore reversed = new LocalStore(other);
        reversed.createRun(new NewRun(SECOND, "Default", "first", 5000, "me", Map.of()));
        reversed.createRun(new NewRun(FIRST, "Default", "second", 5000, "me", Map.of()));
        assertTrue(Printed.run(RunsCommand.command(), other, "show", "last", "--json").out()
                .startsWith("{\"run_id\":\"" + FIRST + "\""));
    }

    @Test
    void showSumsUpAMetricFileLargerThanAnArrayWithoutReadingItWhole() throws Exception {
        LocalStore writer = new LocalStore(store);
        writer.createRun(new NewRun(FIRST, "Default", "huge", 1000, "me", Map.of()));
        // 2 GiB of NUL bytes (sparse, so it costs no disk), then one point: read whole, it was an OutOfMemoryError
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(store.resolve("0").resolve(FIRST)
                .resolve("metrics/loss").toFile(), "rw")) {
            file.setLength(1L << 31);
            file.seek(file.length());
            file.write("\n1500 0.5 3\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }

        Printed show = Printed.run(RunsCommand.command(), store, "show", FIRST, "--json");

        assertTrue(show.out().contains("\"metrics\":[{\"key\":\"loss\",\"latest\":0.5,\"latest_step\":3,\"best\":0.5,"
                + "\"best_direction\":\"min\",\"points\":1}]"), show.out());
    }
}
