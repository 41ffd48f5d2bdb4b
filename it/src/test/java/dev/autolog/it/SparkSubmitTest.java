package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples' Spark job submitted with Spark's own spark-submit (launcher and {@code SparkSubmit}) to a real
 * standalone cluster on loopback, in client and cluster deploy mode, and to {@code local[2]}; the agent is given
 * only through spark-submit's options.
 */
class SparkSubmitTest {
    private static final String VERSION = "3.5.6";
    private static final String APP = "dev.autolog.examples.SparkPipelineExample";
    private static final Path EXAMPLES_JAR = Path.of(System.getProperty("autolog.examples.jar"));
    private static final Pattern PRINTED =
            Pattern.compile("pipeline areaUnderROC (\\S+), tuned areaUnderROC (\\S+) \\(spark (\\S+), jackson-databind (\\S+)\\)");

    @TempDir
    static Path dir;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(dir, VERSION);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void clientModeWithExtraJavaOptionsTracksTheDriversFits() throws Exception {
        Path store = dir.resolve("client-mlruns");
        ForkedJvm.Result result = submit(List.of("--master", cluster.url(), "--deploy-mode", "client",
                "--conf", "spark.driver.extraJavaOptions=" + agentOptions(store)));

        assertNoAgentErrors(result);
        assertExampleRuns(result.stdout(), store, cluster.url(), "client");
    }

    @Test
    void clusterModeWithDriverJavaOptionsTracksTheDriverOnTheWorker() throws Exception {
        Path store = dir.resolve("cluster-mlruns");
        ForkedJvm.Result submission = submit(List.of("--master", cluster.url(), "--deploy-mode", "cluster",
                // a standalone cluster's driver does not get Spark's JDK 17 module options, unlike every other driver
                "--driver-java-options", agentOptions(store) + " " + String.join(" ", SparkJvm.MODULE_OPTIONS),
                "--conf", "spark.executor.extraJavaOptions=" + agentOptions(store)));
        assertEquals(0, submission.exitCode(), submission::toString);

        Path driverDir = awaitDriverDir();
        StandaloneCluster.awaitLine(driverDir.resolve("stderr"), "advice errors", Duration.ofSeconds(120));
        String stderr = Files.readString(driverDir.resolve("stderr"));
        assertTrue(stderr.contains(StoreAssertions.CLEAN_SUMMARY), stderr);
        assertExampleRuns(Files.readString(driverDir.resolve("stdout")), store, cluster.url(), "cluster");
    }

    @Test
    void localSubmissionWithThePluginAttachesTheAgentInsideTheDriver() throws Exception {
        Path store = dir.resolve("plugin-mlruns");
        ForkedJvm.Result result = submit(List.of("--master", "local[2]", "--jars", ForkedJvm.AGENT_JAR.toString(),
                "--conf", "spark.plugins=dev.autolog.spark.AutologSparkPlugin",
                "--conf", "spark.autolog.tracking.uri=" + store, "--conf", "spark.autolog.debug=true"));

        assertNoAgentErrors(result);
        assertTrue(result.stderr().contains("autolog [debug]: integrations"), result::toString);
        assertExampleRuns(result.stdout(), store, "local[2]", "client");
    }

    private static ForkedJvm.Result submit(List<String> options) throws Exception {
        List<String> args = new java.util.ArrayList<>(options);
        args.addAll(List.of("--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2",
                "--driver-memory", "512m", "--executor-memory", "512m", "--class", APP, EXAMPLES_JAR.toString()));
        Path work = Files.createDirectories(dir.resolve("submit-" + System.nanoTime()));
        return SparkSubmit.run(StandaloneCluster.sparkHome(dir, VERSION), VERSION, work, args);
    }

    private static String agentOptions(Path store) {
        return "-javaagent:" + ForkedJvm.AGENT_JAR + " -Dautolog.tracking.uri=" + store + " -Dautolog.debug=true";
    }

    /** The Pipeline fit's run and the CrossValidator's parent with a child per candidate, with Spark's values. */
    private static void assertExampleRuns(String stdout, Path store, String master, String deployMode)
            throws Exception {
        Matcher printed = PRINTED.matcher(stdout);
        assertTrue(printed.find(), stdout);
        assertEquals(VERSION, printed.group(3));
        assertEquals(sparksJackson(), printed.group(4), "the job must see Spark's own Jackson");

        LocalStoreReader reader = new LocalStoreReader(store);
        List<RunInfo> runs = StoreAssertions.runs(reader);
        assertEquals(5, runs.size(), runs::toString);
        assertTrue(runs.stream().allMatch(r -> r.status() == RunStatus.FINISHED), runs::toString);
        RunInfo pipeline = runs.get(0);
        RunInfo cv = runs.get(1);
        Map<String, String> tags = reader.tags(pipeline.runId());
        assertEquals("org.apache.spark.ml.Pipeline", tags.get("spark.estimator"));
        assertEquals(master, tags.get("spark.master"));
        assertEquals(deployMode, tags.get("spark.submit.deployMode"));
        assertEquals("autolog-spark-example", tags.get("spark.app.name"));
        assertEquals("org.apache.spark.ml.tuning.CrossValidator", reader.tags(cv.runId()).get("spark.estimator"));
        assertEquals("VectorAssembler,LogisticRegression", reader.params(pipeline.runId()).get("stages"));
        assertEquals("3", reader.params(cv.runId()).get("tuning.child_runs"));
        for (RunInfo child : runs.subList(2, 5)) {
            assertEquals(cv.runId(), reader.tags(child.runId()).get("mlflow.parentRunId"));
        }
        assertEquals(printed.group(1), String.format("%.4f",
                reader.metrics(pipeline.runId()).get("areaUnderROC").get(0).value()));
        assertEquals(printed.group(2), String.format("%.4f",
                reader.metrics(cv.runId()).get("areaUnderROC").get(0).value()));
    }

    private static String sparksJackson() throws Exception {
        try (Stream<Path> jars = Files.list(SparkJvm.classPath(VERSION))) {
            String jar = jars.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("jackson-databind-"))
                    .findFirst().orElseThrow();
            return jar.substring("jackson-databind-".length(), jar.length() - ".jar".length());
        }
    }

    private static Path awaitDriverDir() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            try (Stream<Path> dirs = Files.list(cluster.workDir())) {
                List<Path> drivers = dirs.filter(d -> d.getFileName().toString().startsWith("driver-")).toList();
                if (!drivers.isEmpty()) {
                    return drivers.get(0);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no driver started in " + cluster.workDir());
    }
}
