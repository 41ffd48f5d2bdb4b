package dev.autolog.it;

import static dev.autolog.it.TwoTrainedRuns.finalAndBest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autolog.backend.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar autolog-agent.jar experiments|runs ...} on the store of {@link TwoTrainedRuns}; commands that
 * edit work on a copy.
 */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static TwoTrainedRuns trained;
    static Path store;
    static RunInfo plain;
    static RunInfo early;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainTwoRuns() throws Exception {
        trained = TwoTrainedRuns.get();
        store = trained.store;
        plain = trained.plain;
        early = trained.early;
    }

    private static ForkedJvm.Result cli(String... args) throws Exception {
        return ForkedJvm.agentJarCommand(trained.dir, args);
    }

    private static ForkedJvm.Result ok(String... args) throws Exception {
        ForkedJvm.Result r = cli(args);
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    private static JsonNode json(String... args) throws Exception {
        return JSON.readTree(ok(args).stdout());
    }

    @Test
    void runsListShowsBothRunsNewestFirstWithStatusFrameworkAndFinalMetrics() throws Exception {
        JsonNode runs = json("runs", "list", "--store", store.toString(), "--json");
        assertEquals(2, runs.size());
        assertEquals(early.runId(), runs.get(0).get("run_id").asText());
        assertEquals(plain.runId(), runs.get(1).get("run_id").asText());
        for (JsonNode r : runs) {
            assertEquals("FINISHED", r.get("status").asText());
            assertEquals("xgboost", r.get("framework").asText());
        }
        assertEquals(finalAndBest(trained.plainTruth, "test-logloss")[0],
                (float) runs.get(1).get("metrics").get("test-logloss").asDouble());
        assertEquals("3", runs.get(1).get("params").get("max_depth").asText());

        String text = ok("runs", "list", "--store", store.toString()).stdout();
        List<String> lines = text.lines().toList();
        assertEquals(3, lines.size(), text);
        assertTrue(lines.get(0).startsWith("ID"), text);
        assertTrue(lines.get(1).startsWith(early.runId().substring(0, 8) + "  " + early.runName()), text);
        assertTrue(lines.get(2).startsWith(plain.runId().substring(0, 8) + "  " + plain.runName()), text);
        assertTrue(lines.get(2).contains("FINISHED"), text);
        assertTrue(lines.get(2).contains(" xgboost "), text);

        assertEquals(1, json("runs", "list", "--store", store.toString(), "--json", "--limit", "1").size());
        assertEquals(0, json("runs", "list", "--store", store.toString(), "--json", "--status", "running").size());
        assertEquals(2, json("runs", "list", "--store", store.toString(), "--json", "--tag",
                "mlflow.autologging=xgboost", "--experiment", "Default").size());
    }

    @Test
    void runsListFiltersOrdersAndPrintsChosenColumnsAndRunsBestFindsTheLowestLoss() throws Exception {
        float plainLoss = finalAndBest(trained.plainTruth, "test-logloss")[0];
        float earlyLoss = finalAndBest(trained.earlyTruth, "test-logloss")[0];
        RunInfo lower = plainLoss < earlyLoss ? plain : early;
        RunInfo higher = lower == plain ? early : plain;
        String csv = ok("runs", "list", "--store", store.toString(), "--filter",
                "params.max_depth != '1' and status = 'FINISHED' and tags.mlflow.autologging = 'xgboost'",
                "--order-by", "metrics.`test-logloss` ASC", "--columns", "params.max_depth,metrics.test-logloss",
                "--format", "csv").stdout();
        String[] rows = csv.split("\r\n");
        assertEquals(3, rows.length, csv);
        assertEquals("run_id,run_name,params.max_depth,metrics.test-logloss", rows[0]);
        for (int i = 1; i < 3; i++) {
            RunInfo run = i == 1 ? lower : higher;
            String[] cells = rows[i].split(",");
            assertEquals(List.of(run.runId(), run.runName(), run == plain ? "3" : "6"), List.of(cells).subList(0, 3));
            assertEquals(run == plain ? plainLoss : earlyLoss, (float) Double.parseDouble(cells[3]), rows[i]);
        }

        JsonNode below = json("runs", "list", "--store", store.toString(), "--json", "--filter",
                "metrics.`test-logloss` < " + ((double) plainLoss + earlyLoss) / 2);
        assertEquals(1, below.size(), below::toString);
        assertEquals(lower.runId(), below.get(0).get("run_id").asText());

        String best = ok("runs", "best", "--metric", "test-logloss", "--store", store.toString(), "--format", "csv")
                .stdout();
        assertTrue(best.startsWith("run_id,run_name,metrics.test-logloss\r\n" + lower.runId() + ","
                + lower.runName() + ","), best);

        ForkedJvm.Result malformed = cli("runs", "list", "--store", store.toString(), "--filter",
                "metrics.test-logloss < 1");
        assertEquals(2, malformed.exitCode(), malformed::toString);
        assertEquals("autolog: --filter \"metrics.test-logloss < 1\": at position 13: expected a comparison (=, !=,"
                + " <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL); a key with '-' must be quoted,"
                + " e.g. metrics.`train-logloss`, found '-logloss < 1'", malformed.stderr().lines().findFirst()
                .orElseThrow());
        assertFalse(malformed.stderr().contains("Exception"), malformed::toString);
    }

    @Test
    void runsShowGivesParamsLatestMetricsWithStepCountsTagsAndArtifacts() throws Exception {
        int rounds = trained.earlyTruth.size() / 2;
        for (String ref : List.of(early.runId(), early.runName(), "last", early.runId().substring(0, 8))) {
            JsonNode run = json("runs", "show", ref, "--store", store.toString(), "--json");
            assertEquals(early.runId(), run.get("run_id").asText(), ref);
            assertEquals("6", run.get("params").get("max_depth").asText());
            assertEquals("200", run.get("params").get("num_boost_round").asText());
            JsonNode testLoss = stat(run, "test-logloss");
            float[] truth = finalAndBest(trained.earlyTruth, "test-logloss");
            assertEquals(truth[0], (float) testLoss.get("latest").asDouble());
            assertEquals(truth[1], (float) testLoss.get("best").asDouble());
            assertEquals(rounds, testLoss.get("points").asInt());
            assertEquals(rounds - 1, testLoss.get("latest_step").asInt());
            assertEquals("xgboost", run.get("tags").get("mlflow.autologging").asText());
            assertEquals("[\"feature_importance_weight.json\",\"model/MLmodel\",\"model/conda.yaml\",\"model/model.ubj\","
                    + "\"model/python_env.yaml\",\"model/requirements.txt\"]", run.get("artifacts").toString());
            JsonNode model = run.get("models").get(0);
            assertEquals(1, run.get("models").size());
            assertEquals("model", model.get("path").asText());
            assertTrue(MlflowModels.MODEL_ID.matcher(model.get("model_id").asText()).matches(), model.toString());
            assertEquals("READY", model.get("status").asText());
            assertEquals("[\"python_function\",\"xgboost\"]", model.get("flavors").toString());
            assertTrue(model.get("signature_inputs").asText().startsWith("[{\"type\": \"double\", \"name\": \"f0\"}"),
                    model.toString());
        }
        String text = ok("runs", "show", plain.runName(), "--store", store.toString()).stdout();
        assertTrue(text.lines().anyMatch(l -> l.matches("max_depth\\s+3")), text);
        assertTrue(text.contains("model/model.ubj"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("model\\s+m-[0-9a-f]{32}\\s+READY\\s+python_function, xgboost\\s+"
                + "f0:double, f1:double, .*")), text);
        String[] loss = text.lines().filter(l -> l.startsWith("test-logloss ")).findFirst().orElseThrow().split("\\s+");
        assertEquals(finalAndBest(trained.plainTruth, "test-logloss")[0], Double.parseDouble(loss[1]), 5e-6, text);
        assertEquals(List.of("9", "10"), List.of(loss[2], loss[3]), text);
    }

    private static JsonNode stat(JsonNode run, String key) {
        for (JsonNode m : run.get("metrics")) {
            if (m.get("key").asText().equals(key)) {
                return m;
            }
        }
        throw new AssertionError("no metric " + key + " in " + run);
    }

    @Test
    void compareMarksDifferingParamsAndGivesFinalAndBestMetricsSideBySide() throws Exception {
        JsonNode c = json("runs", "compare", plain.runId(), early.runId(), "--store", store.toString(), "--json");
        assertEquals("[\"3\",\"6\"]", c.get("params").get("max_depth").toString());
        assertEquals("[\"0.3\",\"0.3\"]", c.get("params").get("eta").toString());
        List<String> differing = new ArrayList<>();
        c.get("differing_params").forEach(n -> differing.add(n.asText()));
        // the plain training's map also holds two array entries of the user's own (see XGBoostTraining)
        assertEquals(List.of("early_stopping_rounds", "feature_groups", "feature_scales", "max_depth",
                "num_boost_round"), differing);
        JsonNode loss = c.get("metrics").get("test-logloss");
        assertEquals(finalAndBest(trained.plainTruth, "test-logloss")[0], (float) loss.get("final").get(0).asDouble());
        assertEquals(finalAndBest(trained.earlyTruth, "test-logloss")[0], (float) loss.get("final").get(1).asDouble());
        assertEquals(finalAndBest(trained.earlyTruth, "test-logloss")[1], (float) loss.get("best").get(1).asDouble());

        String text = ok("runs", "compare", plain.runName(), early.runName(), "--store", store.toString()).stdout();
        assertTrue(text.lines().anyMatch(l -> l.matches("\\*\\s+max_depth\\s+3\\s+6")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("\\s+eta\\s+0\\.3\\s+0\\.3")), text);
    }

    @Test
    void tagDeleteAndRestoreEditTheStoreLikeMlflow() throws Exception {
        Path copy = copyStore();
        ok("runs", "tag", plain.runId(), "reviewed=yes", "owner=ml team", "--store", copy.toString());
        Path runDir = copy.resolve("0").resolve(plain.runId());
        assertEquals("yes", Files.readString(runDir.resolve("tags/reviewed")));
        assertEquals("ml team", Files.readString(runDir.resolve("tags/owner")));
        assertEquals(1, JSON.readTree(ok("runs", "list", "--store", copy.toString(), "--json", "--tag",
                "reviewed=yes").stdout()).size());

        ok("runs", "delete", plain.runName(), "--store", copy.toString());
        assertTrue(Files.readString(runDir.resolve("meta.yaml")).contains("lifecycle_stage: deleted"));
        assertTrue(Files.readString(runDir.resolve("meta.yaml")).matches("(?s).*deleted_time: \\d+.*"));
        assertEquals(1, JSON.readTree(ok("runs", "list", "--store", copy.toString(), "--json").stdout()).size());
        assertEquals(2, JSON.readTree(ok("runs", "list", "--store", copy.toString(), "--json", "--all").stdout())
                .size());
        ok("runs", "restore", plain.runId(), "--store", copy.toString());
        assertTrue(Files.readString(runDir.resolve("meta.yaml")).contains("lifecycle_stage: active"));
        assertTrue(Files.readString(runDir.resolve("meta.yaml")).contains("deleted_time: null"));
        assertEquals(2, JSON.readTree(ok("runs", "list", "--store", copy.toString(), "--json").stdout()).size());
    }

    @Test
    void endEndsARunLeftRunningAsTheAgentSaysAndLeavesAnEndedOneAlone() throws Exception {
        Path copy = copyStore();
        Path meta = copy.resolve("0").resolve(plain.runId()).resolve("meta.yaml");
        Files.writeString(meta, Files.readString(meta).replaceAll("(?m)^status: \\d+$", "status: 1")
                .replaceAll("(?m)^end_time: \\d+$", "end_time: null"));

        String said = ok("runs", "end", plain.runId(), "--status", "KILLED", "--store", copy.toString()).stdout();
        assertEquals("ended " + plain.runName() + " (" + plain.runId() + ") KILLED", said.strip());
        assertTrue(Files.readString(meta).contains("\nstatus: 5\n"), Files.readString(meta)); // KILLED
        assertTrue(Files.readString(meta).matches("(?s).*\nend_time: \\d+\n.*"), Files.readString(meta));
        assertTrue(ok("runs", "end", plain.runId(), "--store", copy.toString()).stdout().contains("had ended already"));
        assertFailure(cli("runs", "tag", plain.runId(), "f1(macro)=x", "--store", copy.toString()), 2,
                "autolog: invalid key 'f1(macro)' (accepted: letters, digits");
    }

    @Test
    void experimentsRenameDeleteIntoTrashAndRestore() throws Exception {
        Path copy = copyStore();
        JsonNode list = JSON.readTree(ok("experiments", "list", "--store", copy.toString(), "--json").stdout());
        assertEquals("[{\"experiment_id\":\"0\",\"name\":\"Default\",\"lifecycle_stage\":\"active\",\"runs\":2,"
                + "\"artifact_location\":\"" + store.toUri().toString().replaceAll("/$", "") + "/0\"}]",
                list.toString());
        ok("experiments", "rename", "Default", "baseline", "--store", copy.toString());
        assertTrue(Files.readString(copy.resolve("0/meta.yaml")).contains("name: baseline"));
        assertTrue(Files.readString(copy.resolve("0/meta.yaml")).contains("experiment_id: '0'"));

        ok("experiments", "delete", "baseline", "--store", copy.toString());
        assertFalse(Files.exists(copy.resolve("0")));
        assertTrue(Files.readString(copy.resolve(".trash/0/meta.yaml")).contains("lifecycle_stage: deleted"));
        assertEquals(0, JSON.readTree(ok("runs", "list", "--store", copy.toString(), "--json").stdout()).size());
        String all = ok("experiments", "list", "--store", copy.toString(), "--all").stdout();
        assertTrue(all.lines().anyMatch(l -> l.matches("0\\s+baseline\\s+deleted.*")), all);

        ok("experiments", "restore", "0", "--store", copy.toString());
        assertTrue(Files.readString(copy.resolve("0/meta.yaml")).contains("lifecycle_stage: active"));
        assertEquals(2, JSON.readTree(ok("runs", "list", "--store", copy.toString(), "--json").stdout()).size());
    }

    @Test
    void badInputGetsOneClearLineAndTheRightExitCode() throws Exception {
        assertFailure(cli("runs", "list", "--store", dir.resolve("nowhere").toString()), 1,
                "autolog: no store at " + dir.resolve("nowhere"));
        assertFailure(cli("runs", "show", "0123456789abcdef0123456789abcdef", "--store", store.toString()), 1,
                "autolog: no run '0123456789abcdef0123456789abcdef' in ");
        assertFailure(cli("runs", "list", "--limit", "x", "--store", store.toString()), 2,
                "autolog: --limit must be a positive whole number, not 'x'");
        assertFailure(cli("runs", "tag", "last", "novalue", "--store", store.toString()), 2,
                "autolog: a tag must look like key=value, not 'novalue'");
        assertFailure(cli("runs", "frobnicate"), 2, "autolog: unknown command 'runs frobnicate'");
        assertFailure(cli("nothing"), 2, "autolog: unknown command 'nothing'");
        assertEquals(0, cli("runs", "show", "--help").exitCode());
        assertEquals(0, cli("ui", "--help").exitCode());
        assertEquals(0, cli("experiments", "--help").exitCode());
    }

    @Test
    void corruptMetaAndHalfWrittenMetricLineAreSkippedWithAWarning() throws Exception {
        Path copy = copyStore();
        Files.writeString(copy.resolve("0").resolve(early.runId()).resolve("meta.yaml"), "run_id: [unclosed\n: :\n");
        Files.writeString(copy.resolve("0").resolve(plain.runId()).resolve("metrics/test-logloss"), "1700000000000 0.5",
                StandardOpenOption.APPEND);

        ForkedJvm.Result list = ok("runs", "list", "--store", copy.toString(), "--json");
        assertEquals(1, JSON.readTree(list.stdout()).size());
        assertEquals(finalAndBest(trained.plainTruth, "test-logloss")[0], (float) JSON.readTree(list.stdout()).get(0)
                .get("metrics").get("test-logloss").asDouble());
        assertEquals(List.of("autolog: skipped " + copy.resolve("0").resolve(early.runId())
                + ": its meta.yaml is malformed: ': :' is no 'key: value' line"), list.stderr().lines().toList());
        JsonNode run = JSON.readTree(ok("runs", "show", plain.runId(), "--store", copy.toString(), "--json")
                .stdout());
        assertEquals(10, stat(run, "test-logloss").get("points").asInt());
        assertEquals(finalAndBest(trained.plainTruth, "test-logloss")[0], (float) stat(run, "test-logloss").get("latest")
                .asDouble());
    }

    @Test
    void theRunIndexCacheGivesWhatReadingTheStoreGivesAndACorruptOneIsRebuiltWithOneLine() throws Exception {
        Path cache = dir.resolve("cache");
        String[] search = {"runs", "list", "--store", store.toString(), "--all", "--format", "json", "--filter",
                "metrics.`test-logloss` < 1", "--order-by", "metrics.`test-logloss` DESC"};
        ForkedJvm.Result cold = new ForkedJvm().in(dir).env("XDG_CACHE_HOME", cache.toString())
                .runJar(ForkedJvm.AGENT_JAR, search);
        assertEquals(0, cold.exitCode(), cold::toString);
        assertEquals("", cold.stderr());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(cache)) {
            files = walk.filter(p -> p.toString().endsWith(".idx")).toList();
        }
        assertEquals(1, files.size(), files::toString);

        ForkedJvm.Result warm = new ForkedJvm().in(dir).env("XDG_CACHE_HOME", cache.toString())
                .runJar(ForkedJvm.AGENT_JAR, search);
        assertEquals(cold.stdout(), warm.stdout());
        assertEquals("", warm.stderr());
        JsonNode runs = JSON.readTree(warm.stdout());
        float plainLoss = finalAndBest(trained.plainTruth, "test-logloss")[0];
        float earlyLoss = finalAndBest(trained.earlyTruth, "test-logloss")[0];
        assertEquals(plainLoss > earlyLoss ? List.of(plainLoss, earlyLoss) : List.of(earlyLoss, plainLoss),
                List.of((float) runs.get(0).get("metrics").get("test-logloss").asDouble(),
                        (float) runs.get(1).get("metrics").get("test-logloss").asDouble()));

        Files.write(files.get(0), new byte[] {'A', 'L', 'R', 'I', 0, 0});
        ForkedJvm.Result rebuilt = new ForkedJvm().in(dir).env("XDG_CACHE_HOME", cache.toString())
                .runJar(ForkedJvm.AGENT_JAR, search);
        assertEquals(cold.stdout(), rebuilt.stdout());
        assertEquals(List.of("autolog: the run index cache " + files.get(0) + " is unreadable (truncated);"
                + " rebuilding it from the store"), rebuilt.stderr().lines().toList());
    }

    @Test
    void aTrainingJvmKilledMidRunLeavesAStaleRunThatRunsEndEnds() throws Exception {
        Path live = dir.resolve("killed-mlruns");
        ForkedJvm.Started training = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(live)
                .start("dev.autolog.it.fixtures.SlowXGBoostTraining", "200", "50");
        Path pidTag;
        try {
            pidTag = awaitFile(live, "tags/autolog.pid");
            assertEquals(Long.toString(training.process().pid()), Files.readString(pidTag));
        } finally {
            training.process().destroyForcibly().waitFor();
        }
        String runId = pidTag.getParent().getParent().getFileName().toString();
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(),
                Files.readString(pidTag.resolveSibling("autolog.host")));

        ForkedJvm.Result list = ok("runs", "list", "--store", live.toString());
        assertTrue(list.stdout().lines().skip(1).findFirst().orElseThrow().contains(" STALE "), list::toString);
        assertTrue(list.stderr().contains("is STALE: RUNNING in the store, but the process that wrote it is gone;"
                + " end it with: runs end " + runId + " --status KILLED"), list::toString);
        assertTrue(json("runs", "list", "--store", live.toString(), "--json").get(0).get("stale").asBoolean());

        ok("runs", "end", runId, "--status", "KILLED", "--store", live.toString());
        JsonNode ended = json("runs", "list", "--store", live.toString(), "--json").get(0);
        assertEquals(List.of("KILLED", "false"), List.of(ended.get("status").asText(), ended.get("stale").asText()));
    }

    /** The first file at this path under a run of the store, once a training has written it. */
    private static Path awaitFile(Path store, String relative) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(store.resolve("0"))) {
                try (Stream<Path> runs = Files.list(store.resolve("0"))) {
                    java.util.Optional<Path> found = runs.map(r -> r.resolve(relative)).filter(Files::isRegularFile)
                            .findFirst();
                    if (found.isPresent() && Files.size(found.get()) > 0) {
                        return found.get();
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + relative + " in " + store + " within 2 minutes");
    }

    private static void assertFailure(ForkedJvm.Result r, int exitCode, String firstLine) {
        assertEquals(exitCode, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith(firstLine), r::toString);
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), r::toString);
        assertEquals("", r.stdout(), r::toString);
    }

    private Path copyStore() throws IOException {
        Path copy = dir.resolve("mlruns");
        try (Stream<Path> walk = Files.walk(store)) {
            for (Path p : walk.toList()) {
                Path to = copy.resolve(store.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return copy;
    }
}
