package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertMetricsEqualTruth;
import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.RunInfo;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Autolog.autolog()} in real shells: the JDK's own {@code jshell} (17 and 25) and Spark's
 * {@code spark-shell} ({@code org.apache.spark.repl.Main} through {@code spark-submit}), each fed a script with the
 * agent jar only on the class path, as a notebook user has it.
 */
class NotebookShellsTest {
    private static final Path SCRIPTS = ForkedJvm.TEST_CLASSES.resolve("notebooks");
    private static final Path JSHELL_SCRIPT = SCRIPTS.resolve("xgboost-cells.jsh");
    private static final String DYNAMIC_AGENT_HINT = "autolog: autologging is on. The JVM's WARNING about a"
            + " dynamically loaded agent is expected on Java 21+: start the JVM with"
            + " -R-XX:+EnableDynamicAgentLoading (jshell's option for the JVM that runs your code) to silence it";
    /** Generous: the Scala REPL compiles every line, slow on a loaded 2-core machine. */
    private static final long SHELL_SECONDS = 420;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void jshellOnJava17TracksACellsTrainingAndATrainingInsideACellsClass() throws Exception {
        ForkedJvm.Result result = jshell(Path.of(System.getProperty("java.home")));

        assertEquals(List.of(), shellWarnings(result), result::toString);
        assertCellRuns(result, JSHELL_SCRIPT.toString());
    }

    @Test
    void jshellOnJava25TracksTheSameAndSaysOnceHowToSilenceTheDynamicAgentWarning() throws Exception {
        ForkedJvm.Result result = jshell(Jdks.jdk25OrSkip());

        assertEquals(List.of(DYNAMIC_AGENT_HINT), shellWarnings(result), result::toString);
        assertCellRuns(result, JSHELL_SCRIPT.toString());
    }

    @Test
    void jshellThatRefusesDynamicAgentsSaysSoInOneLineAndTheCellsStillTrain() throws Exception {
        ForkedJvm.Result result = jshell(Jdks.jdk25OrSkip(), "-R-XX:-EnableDynamicAgentLoading");

        List<String> lines = shellWarnings(result);
        assertEquals(1, lines.size(), result::toString);
        assertEquals("autolog: this JVM refuses agents loaded at run time (-XX:-EnableDynamicAgentLoading): start the"
                + " JVM with -R-javaagent:" + ForkedJvm.AGENT_JAR.toRealPath()
                + " (jshell's option for the JVM that runs your code) instead; this session runs untracked",
                lines.get(0));
        assertEquals(5, result.lines("TRUTH1").size(), result::toString);
        assertEquals(4, result.lines("TRUTH2").size(), result::toString);
        // no training is tracked; the API the cells call works as a plain library and writes their own run
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        List<RunInfo> runs = StoreAssertions.runs(store);
        assertEquals(List.of("cells-run"), runs.stream().map(RunInfo::runName).toList(), result::toString);
        assertEquals(List.of("user_metric"), List.copyOf(store.metrics(runs.get(0).runId()).keySet()));
    }

    @Test
    void autologInAProgramWithTheAgentAlreadyAttachedTurnsOffAndOnWithoutASecondEngine() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").in(dir).store(dir.resolve("mlruns"))
                .run("dev.autolog.it.fixtures.AutologInCode");

        assertNoAgentErrors(result);
        assertEquals(List.of(StoreAssertions.CLEAN_SUMMARY), result.warnings(), result::toString);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        List<RunInfo> runs = StoreAssertions.runs(store);
        assertEquals(1, runs.size(), "only the training while autologging was on: " + runs);
        assertMetricsEqualTruth(store.metrics(runs.get(0).runId()), result.lines("TRUTH"), "");
    }

    @Test
    void autologWithoutTheAgentJarOnTheClassPathNamesWhatToAddAndTheProgramRunsOn() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").withoutAgent().in(dir)
                .run("dev.autolog.it.fixtures.AutologInCode");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().contains("TRAINED"), result::toString);
        assertEquals(List.of("autolog: Autolog.autolog() needs autolog-agent.jar on the class path (this autolog API"
                + " comes from " + ForkedJvm.CORE_JAR.toRealPath() + "): add the agent jar instead (jshell"
                + " --class-path, %jars, spark-shell --jars) or start the JVM with -javaagent:autolog-agent.jar; this session runs"
                + " untracked"), result.warnings(), result::toString);
        assertFalse(Files.exists(dir.resolve("mlruns")), "nothing is tracked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"setTag", "logMetric"})
    void autologAfterTheApiRanAsAPlainLibraryRefusesInOneLineAndTheSessionRunsOn(String firstCall) throws Exception {
        Path store = dir.resolve("mlruns");
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").withoutAgent().in(dir)
                .classPath(ForkedJvm.AGENT_JAR.toString()).store(store)
                .run("dev.autolog.it.fixtures.ApiBeforeAutolog", firstCall);

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().contains("TRAINED\nENDED"), result::toString);
        assertEquals(List.of("autolog: the autolog API was used before Autolog.autolog() in this session (without the"
                + " agent, as a plain library), so the agent cannot join it: call Autolog.autolog() first in a new"
                + " session (restart the kernel or shell); this session runs untracked"), result.warnings(),
                result::toString);
        LocalStoreReader reader = new LocalStoreReader(store);
        Map<String, RunStatus> statusByMetrics = new LinkedHashMap<>();
        for (RunInfo run : StoreAssertions.runs(reader)) {
            statusByMetrics.put(String.join(",", reader.metrics(run.runId()).keySet()), run.status());
        }
        Map<String, RunStatus> expected = new LinkedHashMap<>();
        expected.put(firstCall.equals("logMetric") ? "before" : "", RunStatus.FINISHED);
        expected.put("after", RunStatus.FINISHED);
        assertEquals(expected, statusByMetrics, "the training is not tracked and the library's runs end");
    }

    @Test
    void sparkShellTracksAPipelineFitAfterAutologInItsScript() throws Exception {
        String version = "3.5.6";
        Path script = SCRIPTS.resolve("pipeline-fit.scala");
        Path work = Files.createDirectories(dir.resolve("shell"));
        // bin/spark-shell: spark-submit --class org.apache.spark.repl.Main --name "Spark shell" "$@", with
        // -Dscala.usejavacp=true in SPARK_SUBMIT_OPTS
        ForkedJvm.Result result = SparkSubmit.run(StandaloneCluster.sparkHome(dir, version), version, work,
                SHELL_SECONDS, List.of("--class", "org.apache.spark.repl.Main", "--name", "Spark shell",
                        "--master", "local[2]", "--jars", ForkedJvm.AGENT_JAR.toString(),
                        "--driver-java-options", "-Dscala.usejavacp=true", "--driver-memory", "512m",
                        "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2",
                        "-i", script.toString()));

        assertEquals(List.of(), shellWarnings(result), result::toString);
        assertTrue(result.stdout().contains("FITTED_STAGES 2"), result::toString);
        LocalStoreReader store = new LocalStoreReader(work.resolve("mlruns"));
        List<RunInfo> runs = StoreAssertions.runs(store);
        assertEquals(1, runs.size(), runs::toString);
        assertEquals(RunStatus.FINISHED, runs.get(0).status());
        Map<String, String> params = store.params(runs.get(0).runId());
        Map<String, String> tags = store.tags(runs.get(0).runId());
        assertEquals("org.apache.spark.ml.Pipeline", tags.get("spark.estimator"));
        assertEquals("NOTEBOOK", tags.get("mlflow.source.type"));
        assertEquals(script.toString(), tags.get("mlflow.source.name"));
        List<String[]> stageParams = result.lines("STAGE_PARAM");
        assertEquals(15, stageParams.size(), result::toString);
        for (String[] p : stageParams) {
            assertEquals(p[1], params.get(p[0]), p[0] + " in " + params);
        }
        assertEquals("[\"a\",\"b\"]", params.get("VectorAssembler.inputCols"), params::toString);
    }

    @Test
    void jupyterNotebookExecutedByNbconvertWithAJavaKernelTracksTheSameCells() throws Exception {
        Path kernelSpec = Files.createDirectories(dir.resolve("jupyter/kernels/autolog-java"));
        String kernelClassPath = ForkedJvm.TEST_CLASSES + File.pathSeparator
                + ForkedJvm.FRAMEWORKS.resolve("jupyter-kernel") + File.separator + "*";
        JSON.writeValue(kernelSpec.resolve("kernel.json").toFile(), Map.of("display_name", "Java", "language", "java",
                "argv", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                        kernelClassPath, "dev.autolog.it.fixtures.JShellKernel", "{connection_file}")));
        // the jshell script's cells, after a first cell that adds the jars as a notebook user does with %jars
        List<String> cells = new ArrayList<>(List.of("%jars " + String.join(" ", xgboostClassPath())));
        Files.readAllLines(JSHELL_SCRIPT).stream().filter(l -> !l.startsWith("//") && !l.equals("/exit"))
                .forEach(cells::add);
        List<Map<String, Object>> cellJson = new ArrayList<>();
        for (String cell : cells) {
            cellJson.add(Map.of("cell_type", "code", "id", "c" + cellJson.size(), "metadata", Map.of(),
                    "outputs", List.of(), "execution_count", 0, "source", cell));
        }
        JSON.writeValue(dir.resolve("train.ipynb").toFile(), Map.of("cells", cellJson, "nbformat", 4,
                "nbformat_minor", 5, "metadata", Map.of("kernelspec", Map.of("name", "autolog-java",
                        "display_name", "Java", "language", "java"))));

        ProcessBuilder nbconvert = new ProcessBuilder("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=" + SHELL_SECONDS, "--output", "executed.ipynb", "train.ipynb")
                .directory(dir.toFile()).redirectErrorStream(true);
        nbconvert.environment().put("JUPYTER_PATH", dir.resolve("jupyter").toString());
        Process p = nbconvert.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(SHELL_SECONDS + 60, TimeUnit.SECONDS), log);
        assertEquals(0, p.exitValue(), log);

        ForkedJvm.Result result = executedNotebook(dir.resolve("executed.ipynb"));
        assertEquals(List.of(), shellWarnings(result), result::toString);
        assertCellRuns(result, "jupyter");
    }

    /** The executed notebook's stream outputs as one stdout and one stderr. */
    private static ForkedJvm.Result executedNotebook(Path notebook) throws Exception {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (JsonNode cell : JSON.readTree(notebook.toFile()).get("cells")) {
            for (JsonNode output : cell.get("outputs")) {
                JsonNode text = output.path("text");
                String value = text.isArray() ? String.join("", JSON.convertValue(text, String[].class))
                        : text.asText();
                (output.path("name").asText().equals("stderr") ? err : out).append(value);
            }
        }
        return new ForkedJvm.Result(0, out.toString(), err.toString());
    }

    private static List<String> xgboostClassPath() throws IOException {
        try (Stream<Path> jars = Files.list(ForkedJvm.FRAMEWORKS.resolve("xgboost-3.0.4"))) {
            return Stream.concat(Stream.of(ForkedJvm.AGENT_JAR), jars.sorted()).map(Path::toString).toList();
        }
    }

    /** {@code jshell --class-path <agent jar>:<XGBoost> [options] xgboost-cells.jsh} in {@code dir}. */
    private ForkedJvm.Result jshell(Path jdk, String... options) throws Exception {
        String classPath = String.join(File.pathSeparator, xgboostClassPath());
        List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/jshell").toString(), "--class-path", classPath));
        cmd.addAll(List.of(options));
        cmd.add(JSHELL_SCRIPT.toString());
        return ForkedJvm.command(dir, cmd, SHELL_SECONDS);
    }

    /**
     * The agent's own lines other than its exit summary, after checking the session ran cleanly: the shell exited
     * 0, no suppressed error was shown (debug is on), and the summary, if the shell let the exit hook print it, is
     * clean (a shell may end its JVM before shutdown hooks are done).
     */
    private static List<String> shellWarnings(ForkedJvm.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        assertFalse(result.stderr().contains("autolog [debug]: error"), result::toString);
        List<String> summaries = result.warnings().stream().filter(l -> l.contains(" advice errors, ")).toList();
        assertTrue(summaries.stream().allMatch(StoreAssertions.CLEAN_SUMMARY::equals), result::toString);
        return result.warnings().stream().filter(l -> !summaries.contains(l)).toList();
    }

    /**
     * One run per training cell, each with the params the cell passed and the metrics XGBoost returned; the third
     * cell's training joins the run an earlier cell started, which a later cell logs into and ends.
     */
    private void assertCellRuns(ForkedJvm.Result result, String sourceName) {
        assertTrue(result.stdout().contains(
                "CELL_CLASS_LOADER jdk.jshell.execution.DefaultLoaderDelegate$RemoteClassLoader"), result::toString);
        assertTrue(result.stdout().contains("FLUSHED true"), result::toString);
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        List<RunInfo> runs = StoreAssertions.runs(store);
        assertEquals(3, runs.size(), runs::toString);
        assertTrue(result.stdout().contains("CELLS_RUN_ENDED true"), result::toString);
        assertEquals("cells-run", runs.get(2).runName());
        assertEquals(List.of(new Metric("user_metric", 0.5, 0, 1)), store.metrics(runs.get(2).runId())
                .get("user_metric").stream().map(m -> new Metric(m.key(), m.value(), 0, m.step())).toList());
        for (int i = 0; i < 3; i++) {
            String id = runs.get(i).runId();
            String cell = String.valueOf(i + 1);
            assertEquals(RunStatus.FINISHED, runs.get(i).status());
            assertEquals(printed(result.lines("PARAM" + cell)), store.params(id));
            assertMetricsEqualTruth(store.metrics(id), result.lines("TRUTH" + cell), "");
            assertEquals(result.lines("TRUTH" + cell).size(), store.metrics(id).get("train-logloss").size());
            Map<String, String> tags = store.tags(id);
            assertEquals("NOTEBOOK", tags.get("mlflow.source.type"));
            assertEquals(sourceName, tags.get("mlflow.source.name"));
            assertEquals("jshell", tags.get("cell"));
        }
    }

    private static Map<String, String> printed(List<String[]> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        lines.forEach(l -> out.put(l[0], l[1]));
        return out;
    }
}
