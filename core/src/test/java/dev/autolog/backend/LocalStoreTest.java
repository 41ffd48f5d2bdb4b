package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";
    private static final long START = 1_732_300_000_000L;

    @TempDir
    Path tmp;

    private Path root() {
        return tmp.resolve("mlruns");
    }

    private String rootUri() {
        return "file://" + root().toAbsolutePath().normalize();
    }

    private static NewRun newRun(String runId, String experiment, String name) {
        return new NewRun(runId, experiment, name, START, "alice", Map.of("team", "ml"));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static long field(String yaml, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + ": (\\d+)$").matcher(yaml);
        assertTrue(m.find(), key + " missing in\n" + yaml);
        return Long.parseLong(m.group(1));
    }

    private static List<Path> experimentDirs(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).toList();
        }
    }

    @Test
    void constructorDoesNotCreateTheRoot() {
        new LocalStore(root());
        assertFalse(Files.exists(root()));
    }

    @Test
    void defaultExperimentMetaYamlHasMlflowShape() throws IOException {
        LocalStore store = new LocalStore(root());
        store.createRun(newRun(RUN, "Default", "run-1"));

        String yaml = read(root().resolve("0/meta.yaml"));
        long created = field(yaml, "creation_time");
        assertEquals("artifact_location: " + rootUri() + "/0\n"
                + "creation_time: " + created + "\n"
                + "experiment_id: '0'\n"
                + "last_update_time: " + created + "\n"
                + "lifecycle_stage: active\n"
                + "name: Default\n", yaml);
        assertEquals(root().toAbsolutePath().normalize().toString(), store.describe());
    }

    @Test
    void runMetaYamlIsRunningThenCarriesStatusAndEndTimeAfterEndRun() throws IOException {
        LocalStore store = new LocalStore(root());
        store.createRun(newRun(RUN, null, "run-1"));
        Path meta = root().resolve("0").resolve(RUN).resolve("meta.yaml");
        String before = "artifact_uri: " + rootUri() + "/0/" + RUN + "/artifacts\n"
                + "end_time: null\n"
                + "entry_point_name: ''\n"
                + "experiment_id: '0'\n"
                + "lifecycle_stage: active\n"
                + "run_id: " + RUN + "\n"
                + "run_name: run-1\n"
                + "run_uuid: " + RUN + "\n"
                + "source_name: ''\n"
                + "source_type: 4\n"
                + "source_version: ''\n"
                + "start_time: " + START + "\n"
                + "status: 1\n"
                + "tags: []\n"
                + "user_id: alice\n"
                + "deleted_time: null\n";
        String written = read(meta);
        assertTrue(written.startsWith(before), written);
        String order = written.substring(before.length());
        assertTrue(order.matches("autolog_start_ns: '[0-9]+'\n"), order);
        assertTrue(Long.parseLong(order.replaceAll("\\D", "")) >= START * 1_000_000L, order);

        store.endRun(RUN, RunStatus.FINISHED, START + 5000);

        assertEquals(before.replace("end_time: null", "end_time: " + (START + 5000)).replace("status: 1", "status: 3")
                + order, read(meta));
        for (String d : List.of("metrics", "params", "tags", "artifacts")) {
            assertTrue(Files.isDirectory(meta.resolveSibling(d)), d);
        }
    }

    @Test
    void createRunWritesGivenTagsPlusRunNameAndUserTags() throws IOException {
        new LocalStore(root()).createRun(newRun(RUN, null, "run-1"));
        Path tags = root().resolve("0").resolve(RUN).resolve("tags");
        assertEquals("ml", read(tags.resolve("team")));
        assertEquals("run-1", read(tags.resolve("mlflow.runName")));
        assertEquals("alice", read(tags.resolve("mlflow.user")));
    }

    @Test
    void runNameNeedingQuotesIsSingleQuotedAndReadsBack() throws IOException {
        LocalStore store = new LocalStore(root());
        String[] names = {"it's: odd", "123", "true", " padded ", "#hash", "null", "1e5", "2024-01-01", "0x1F",
            "a:b", "plain-name_1.0", "1st run", "0123abc"};
        String[] expected = {"'it''s: odd'", "'123'", "'true'", "' padded '", "'#hash'", "'null'", "'1e5'",
            "'2024-01-01'", "'0x1F'", "'a:b'", "plain-name_1.0", "1st run", "0123abc"};
        LocalStoreReader reader = new LocalStoreReader(root());
        for (int i = 0; i < names.length; i++) {
            String runId = RUN.substring(0, 30) + String.format("%02d", i);
            store.createRun(newRun(runId, null, names[i]));
            String yaml = read(root().resolve("0").resolve(runId).resolve("meta.yaml"));
            assertTrue(yaml.contains("\nrun_name: " + expected[i] + "\n"), yaml);
            assertEquals(names[i], reader.run(runId).orElseThrow().runName());
        }
    }

    @Test
    void metricLineIsTimestampValueStepAndBatchesAppend() throws IOException {
        LocalStore store = new LocalStore(root());
        store.createRun(newRun(RUN, null, "r"));
        Path file = root().resolve("0").resolve(RUN).resolve("metrics/loss");

        store.logBatch(RUN, List.of(new Metric("loss", 0.5, 1000, 3)), List.of(), List.of());
        assertEquals("1000 0.5 3\n", read(file));

        store.logBatch(RUN, List.of(new Metric("loss", 1.0E-5, 1001, 4), new Metric("loss", Double.NaN, 1002, 5),
                new Metric("loss", Double.NEGATIVE_INFINITY, 1003, 6)), List.of(), List.of());
        assertEquals("1000 0.5 3\n1001 1.0E-5 4\n1002 NaN 5\n1003 -Infinity 6\n", read(file));
    }

    @Test
    void metricFilesDeletedOrMovedAwayBetweenBatchesAreCreatedAgainWithTheLaterPoints() throws IOException {
        LocalStore store = new LocalStore(root());
        store.createRun(newRun(RUN, null, "r"));
        Path metrics = root().resolve("0").resolve(RUN).resolve("metrics");
        store.logBatch(RUN, List.of(new Metric("loss", 0.5, 1000, 0), new Metric("a/b", 1, 1000, 0)), List.of(),
                List.of());

        Files.delete(metrics.resolve("loss"));
        store.logBatch(RUN, List.of(new Metric("loss", 0.25, 1001, 1)), List.of(), List.of());
        assertEquals("1001 0.25 1\n", read(metrics.resolve("loss")));

        Files.move(metrics, tmp.resolve("moved"));
        store.logBatch(RUN, List.of(new Metric("loss", 0.125, 1002, 2), new Metric("a/b", 2, 1002, 2)), List.of(),
                List.of());
        assertEquals("1002 0.125 2\n", read(metrics.resolve("loss")));
        assertEquals("1002 2.0 2\n", read(metrics.resolve("a/b")));
        assertEquals("1001 0.25 1\n", read(tmp.resolve("moved/loss")));
    }

    @Test
    void paramWithSameValueIsAcceptedAndDifferentValueThrows() throws IOException {
        LocalStore store = new LocalStore(root());
        store.createRun(newRun(RUN, null, "r"));
        Path file = root().resolve("0").resolve(RUN).resolve("params/lr");

        store.logBatch(RUN, List.of(), List.of(new Param("lr", "0.1")), List.of());
        assertEquals("0.1", read(file));
        store.logBatch(RUN, List.of(), List.of(new Param("lr", "0.1")), List.of());

        IOException e = assertThrows(IOException.class,
                () -> store.logBatch(RUN, List.of(), List.of(new Param("lr", "0.2")), List.of()));
        assertEquals("param lr already logged with a different value", e.getMessage());
        assertEquals("0.1", read(file));
    }

    @Test
    void tagIsOverwritten() throws IOException {
        LocalStore store = new LocalStore(root());
        store.createRun(newRun(RUN, null, "r"));
        store.logBatch(RUN, List.of(), List.of(), List.of(new Tag("stage", "train")));
        store.logBatch(RUN, List.of(), List.of(), List.of(new Tag("stage", "eval")));
        assertEquals("eval", read(root().resolve("0").resolve(RUN).resolve("tags/stage")));
    }

    @Test
    void nestedKeyBecomesSubdirectory() throws IOException {
        LocalStore store = new LocalStore(root());
        store.createRun(newRun(RUN, null, "r"));
        store.logBatch(RUN, List.of(new Metric("train/loss", 2.0, 7, 0)), List.of(new Param("model/depth", "6")),
                List.of());
        Path run = root().resolve("0").resolve(RUN);
        assertEquals("7 2.0 0\n", read(run.resolve("metrics/train/loss")));
        assertEquals("6", read(run.resolve("params/model/depth")));
    }

    @Test
    void artifactBytesAndDirectoryCopyAreStoredUnderArtifacts() throws IOException {
        LocalStore store = new LocalStore(root());
        store.createRun(newRun(RUN, null, "r"));
        Path artifacts = root().resolve("0").resolve(RUN).resolve("artifacts");

        byte[] bytes = {0, 1, 2, (byte) 0xff};
        store.logArtifact(RUN, "model/booster.bin", bytes);
        assertArrayEquals(bytes, Files.readAllBytes(artifacts.resolve("model/booster.bin")));

        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "A");
        Files.writeString(Files.createDirectories(src.resolve("sub/deeper")).resolve("b.txt"), "B");
        store.logArtifactFile(RUN, "copied", src);
        store.logArtifactFile(RUN, "single.txt", src.resolve("a.txt"));
        assertEquals("A", read(artifacts.resolve("copied/a.txt")));
        assertEquals("B", read(artifacts.resolve("copied/sub/deeper/b.txt")));
        assertEquals("A", read(artifacts.resolve("single.txt")));

        try (Stream<Path> runFiles = Files.list(artifacts.getParent())) {
            assertTrue(runFiles.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temp files left");
        }
    }

    @Test
    void artifactPathTraversalIsRejected() throws IOException {
        LocalStore store = new LocalStore(root());
        store.createRun(newRun(RUN, null, "r"));
        for (String bad : List.of("../escape.txt", "/etc/passwd", "a/../../escape.txt", "..", "", "a\\..\\..\\x")) {
            IOException e = assertThrows(IOException.class, () -> store.logArtifact(RUN, bad, new byte[] {1}));
            assertTrue(e.getMessage().contains("artifact path"), e.getMessage());
        }
        assertThrows(IOException.class, () -> store.logArtifactFile(RUN, "../up", tmp));
        assertFalse(Files.exists(root().resolve("0").resolve(RUN).resolve("escape.txt")));
        assertFalse(Files.exists(root().resolve("0").resolve("up")));
    }

    @Test
    void unknownRunIsFoundByScanningFromAnotherStoreInstance() throws IOException {
        new LocalStore(root()).createRun(newRun(RUN, "exp", "r"));
        LocalStore other = new LocalStore(root());
        other.logBatch(RUN, List.of(new Metric("m", 1, 2, 3)), List.of(), List.of());
        other.endRun(RUN, RunStatus.FAILED, START + 1);
        RunInfo info = new LocalStoreReader(root()).run(RUN).orElseThrow();
        assertEquals(RunStatus.FAILED, info.status());
        assertEquals(START + 1, info.endTime());

        IOException e = assertThrows(IOException.class, () -> other.endRun("ffff", RunStatus.FINISHED, 1));
        assertTrue(e.getMessage().contains("unknown run ffff"), e.getMessage());
    }

    @Test
    void namedExperimentGetsAnEighteenDigitIdAndIsReusedBySecondStore() throws IOException {
        new LocalStore(root()).createRun(newRun(RUN, "xgb: tuning", "r1"));
        String other = RUN.replace('0', 'f');
        new LocalStore(root()).createRun(newRun(other, "xgb: tuning", "r2"));

        List<Path> dirs = experimentDirs(root());
        assertEquals(1, dirs.size(), dirs.toString());
        String id = dirs.get(0).getFileName().toString();
        assertTrue(id.matches("[1-9][0-9]{17}"), id);
        assertTrue(Files.isDirectory(dirs.get(0).resolve(RUN)));
        assertTrue(Files.isDirectory(dirs.get(0).resolve(other)));
        String yaml = read(dirs.get(0).resolve("meta.yaml"));
        assertTrue(yaml.contains("experiment_id: '" + id + "'\n"), yaml);
        assertTrue(yaml.endsWith("name: 'xgb: tuning'\n"), yaml);
    }

    @Test
    void storesInConcurrentThreadsCreatingTheSameExperimentEndWithOneDirectory() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                String experiment = "race-" + round;
                CyclicBarrier barrier = new CyclicBarrier(threads);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String runId = String.format("%032x", round * 100 + t);
                    Callable<Void> task = () -> {
                        LocalStore store = new LocalStore(root());
                        barrier.await(10, TimeUnit.SECONDS);
                        store.createRun(newRun(runId, experiment, "r"));
                        return null;
                    };
                    done.add(pool.submit(task));
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
                List<ExperimentInfo> named = new LocalStoreReader(root()).experiments().stream()
                        .filter(e -> e.name().equals(experiment)).toList();
                assertEquals(1, named.size(), named.toString());
                assertEquals(threads, new LocalStoreReader(root()).runs(named.get(0).id()).size());
            }
            assertEquals(5, experimentDirs(root()).size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readerReturnsWhatWasWritten() throws IOException {
        LocalStore store = new LocalStore(root());
        store.createRun(newRun(RUN, "exp", "run-1"));
        store.logBatch(RUN, List.of(new Metric("loss", 0.5, 1000, 0), new Metric("loss", 0.25, 1001, 1),
                new Metric("eval/auc", 0.9, 1002, 1)), List.of(new Param("max_depth", "6"), new Param("a/b", "x")),
                List.of(new Tag("k", "v")));
        store.logArtifact(RUN, "model/m.json", "{}".getBytes(StandardCharsets.UTF_8));
        store.logArtifact(RUN, "a.txt", "a".getBytes(StandardCharsets.UTF_8));
        store.endRun(RUN, RunStatus.KILLED, START + 10);

        LocalStoreReader reader = new LocalStoreReader(root());
        List<ExperimentInfo> experiments = reader.experiments();
        assertEquals(1, experiments.size());
        ExperimentInfo exp = experiments.get(0);
        assertEquals("exp", exp.name());
        assertEquals("active", exp.lifecycleStage());
        assertEquals(rootUri() + "/" + exp.id(), exp.artifactLocation());

        RunInfo info = reader.runs(exp.id()).get(0);
        assertEquals(new RunInfo(RUN, exp.id(), "run-1", RunStatus.KILLED, START, START + 10, "alice", "active",
                root().toAbsolutePath().normalize().resolve(exp.id()).resolve(RUN)), info);
        assertEquals(Optional.of(info), reader.run(RUN));
        assertEquals(Map.of("max_depth", "6", "a/b", "x"), reader.params(RUN));
        assertEquals(Map.of("k", "v", "team", "ml", "mlflow.runName", "run-1", "mlflow.user", "alice"),
                reader.tags(RUN));
        assertEquals(Map.of("loss", List.of(new Metric("loss", 0.5, 1000, 0), new Metric("loss", 0.25, 1001, 1)),
                "eval/auc", List.of(new Metric("eval/auc", 0.9, 1002, 1))), reader.metrics(RUN));
        assertEquals(List.of("a.txt", "model/m.json"), reader.artifacts(RUN));
        assertEquals(Optional.empty(), reader.run("f".repeat(32)));
        assertThrows(IllegalArgumentException.class, () -> reader.params("f".repeat(32)));
    }

    @Test
    void readerSkipsHalfWrittenMetricLineAndCorruptMetaYaml() throws IOException {
        LocalStore store = new LocalStore(root());
        store.createRun(newRun(RUN, null, "r"));
        Path run = root().resolve("0").resolve(RUN);
        Files.writeString(run.resolve("metrics/loss"), "1000 0.5 3\n1001 0.4\nbroken line here x\n1002 0.");

        Path corruptRun = Files.createDirectories(root().resolve("0").resolve("a".repeat(32)));
        Files.writeString(corruptRun.resolve("meta.yaml"), "run_id: 'unterminated\nstatus: 1\n");
        Path noMetaRun = Files.createDirectories(root().resolve("0").resolve("b".repeat(32)));
        Path corruptExperiment = Files.createDirectories(root().resolve("123"));
        Files.writeString(corruptExperiment.resolve("meta.yaml"), "this is not yaml at all\n");
        Files.createDirectories(root().resolve(".trash"));

        LocalStoreReader reader = new LocalStoreReader(root());
        assertEquals(List.of(new Metric("loss", 0.5, 1000, 3), new Metric("loss", 0.4, 1001, 0)),
                reader.metrics(RUN).get("loss"));
        assertEquals(List.of("0"), reader.experiments().stream().map(ExperimentInfo::id).toList());
        assertEquals(List.of(RUN), reader.runs("0").stream().map(RunInfo::runId).toList());
        assertEquals(Optional.empty(), reader.run(noMetaRun.getFileName().toString()));
        assertNull(reader.run(RUN).orElseThrow().endTime());
    }

    @Test
    void yamlMetaParsesWhatItFormats() {
        String tricky = "a \"b\" 'c' # d: e\\f";
        Map<String, String> parsed = YamlMeta.parse(YamlMeta.format(new java.util.LinkedHashMap<>(Map.of(
                "x", tricky))) + "ctrl: " + YamlMeta.scalar("tab\there\nnewline") + "\nnone: null\nlist: []\n");
        assertEquals(tricky, parsed.get("x"));
        assertEquals("tab\there\nnewline", parsed.get("ctrl"));
        assertNull(parsed.get("none"));
        assertTrue(parsed.containsKey("none"));
    }
}
