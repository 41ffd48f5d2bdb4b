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
                "\"key\":\"diverged\",\"latest\":\"Infinity\",\"latest_step\":0,\"best\":\"Infinity\"")) {
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

    @Test
    void eachDamagedRunIsSkippedWithOneLineSayingWhatIsWrongAndWhatIsAccepted() throws Exception {
        LocalStore writer = new LocalStore(store);
        writer.createRun(new NewRun(FIRST, "Default", "good", 1000, "me", Map.of()));
        Path experiment = store.resolve("0");
        String meta = Files.readString(experiment.resolve(FIRST).resolve("meta.yaml"));
        Map<String, String> damaged = new java.util.LinkedHashMap<>();
        damaged.put("start_time: 1000\n", "start_time: 1e400\n");
        damaged.put("status: 1\n", "status: 99999999999\n");
        damaged.put("end_time: null\n", "end_time: soon\n");
        damaged.put("run_id: " + FIRST + "\n", "run_id: " + SECOND + "\n");
        damaged.put("user_id: me\n", "\u001b[2J" + "x".repeat(100) + "\n");
        List<String> expected = new ArrayList<>();
        List<String> reasons = List.of("its start_time '1e400' is no whole number of milliseconds since 1970 (accepted:"
                + " -9223372036854775808 to 9223372036854775807)",
                "its status '99999999999' is no run status (accepted:"
                + " RUNNING or 1, SCHEDULED or 2, FINISHED or 3, FAILED or 4, KILLED or 5)", "its end_time 'soon' is no"
                + " whole number of milliseconds since 1970 (accepted: -9223372036854775808 to 9223372036854775807)",
                "its meta.yaml names run '" + SECOND + "', not its folder's name", "its meta.yaml is malformed: '\\e[2J"
                + "x".repeat(76) + "…(104 characters)' is no 'key: value' line");
        int n = 0;
        for (Map.Entry<String, String> d : damaged.entrySet()) {
            String id = String.format("%032x", ++n);
            Files.createDirectories(experiment.resolve(id));
            Files.writeString(experiment.resolve(id).resolve("meta.yaml"), meta.replace(FIRST, id)
                    .replace(d.getKey().replace(FIRST, id), d.getValue()));
            expected.add("autolog: skipped " + experiment.resolve(id) + ": " + reasons.get(n - 1));
        }
        for (String other : List.of("link", "missing", "fifo")) {
            Files.createDirectories(experiment.resolve(other));
        }
        Files.createSymbolicLink(experiment.resolve("link/meta.yaml"), experiment.resolve(FIRST).resolve("meta.yaml"));
        new ProcessBuilder("mkfifo", experiment.resolve("fifo/meta.yaml").toString()).start().waitFor();
        expected.add("autolog: skipped " + experiment.resolve("link") + ": its meta.yaml is a symbolic link, which is"
                + " never followed");
        expected.add("autolog: skipped " + experiment.resolve("missing") + ": it has no meta.yaml (a run being"
                + " created, or no run)");
        expected.add("autolog: skipped " + experiment.resolve("fifo") + ": its meta.yaml is not a regular file (a"
                + " device, FIFO or socket)");

        Printed list = Printed.run(RunsCommand.command(), store, "list");

        assertEquals(List.of("good"), list.out().lines().skip(1).map(l -> l.split("\\s+")[1]).toList(), list.out());
        assertEquals(expected.stream().sorted().toList(), list.err().lines().sorted().toList());
    }

    @Test
    void manyBrokenFoldersAreNamedTwentyAtMostThenSaidOnce() throws Exception {
        LocalStore writer = new LocalStore(store);
        writer.createRun(new NewRun(FIRST, "Default", "good", 1000, "me", Map.of()));
        for (int i = 0; i < 100; i++) {
            Files.createDirectories(store.resolve("0").resolve(String.format("empty%03d", i)));
        }

        Printed list = Printed.run(RunsCommand.command(), store, "list");

        List<String> err = list.err().lines().toList();
        assertEquals(21, err.size(), list.err());
        assertEquals(20, err.stream().filter(l -> l.matches("autolog: skipped .*/empty\\d{3}: it has no meta.yaml \\(a"
                + " run being created, or no run\\)")).count(), list.err());
        assertEquals("autolog: skipped more folders without a readable run; only the first 20 are named", err.get(20));
        assertEquals(List.of("good"), list.out().lines().skip(1).map(l -> l.split("\\s+")[1]).toList());
    }

    @Test
    void showReadsAMetricFileUpToItsSizeWhenOpenedWhileItGrowsFasterThanItIsRead() throws Exception {
        LocalStore writer = new LocalStore(store);
        writer.createRun(new NewRun(FIRST, "Default", "growing", 1000, "me", Map.of()));
        writer.logBatch(FIRST, points("loss", 0.5), List.of(), List.of());
        java.io.File file = store.resolve("0").resolve(FIRST).resolve("metrics/loss").toFile();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        // grows by 4 MiB of NUL bytes a millisecond (sparse: no disk), faster than it is read: read to its end, the
        // read never ended
        Thread grower = new Thread(() -> {
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file, "rw")) {
                while (!stop.get()) {
                    f.setLength(f.length() + (4L << 20));
                    Thread.sleep(1);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        grower.start();
        try {
            Printed show = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                    () -> Printed.run(RunsCommand.command(), store, "show", FIRST, "--json"));
            assertTrue(show.out().contains("\"metrics\":[{\"key\":\"loss\",\"latest\":0.5,\"latest_step\":0,"),
                    show.out());
        } finally {
            stop.set(true);
            grower.join();
        }
    }
}
