package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertMetricsEqualTruth;
import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static dev.autolog.it.StoreAssertions.runs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.RunInfo;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's Byte Buddy and the engine never replace an application's own libraries. */
class IsolationTest {
    private static final String SHARING_WARNING = "Sharing is only supported for boot loader classes";

    @TempDir
    Path dir;

    /**
     * The engine is defined in the bootstrap loader class by class: nothing is appended to the bootstrap class path,
     * so HotSpot prints no class-data sharing warning on the application's stderr; with
     * {@code autolog.agent.boot.class.path=true} the engine's jar is appended instead, and the JVM says so.
     */
    @Test
    void theEngineIsInTheBootstrapLoaderWithoutTheJvmsClassSharingWarning() throws Exception {
        for (Path jdk : List.of(Path.of(System.getProperty("java.home")), Jdks.jdk25OrSkip())) {
            for (boolean appended : List.of(false, true)) {
                Path store = dir.resolve("mlruns-" + jdk.getFileName() + "-" + appended);
                ForkedJvm.Result result = ForkedJvm.withClassPathDir(ForkedJvm.TEST_CLASSES).javaHome(jdk).in(dir)
                        .store(store).property("autolog.agent.boot.class.path", Boolean.toString(appended))
                        .run("dev.autolog.it.fixtures.EngineLoader");

                assertNoAgentErrors(result);
                assertEquals("boot", result.first("ENGINE_LOADER"), result::toString);
                assertEquals("java.sql.Timestamp", result.first("PLATFORM_CLASS"), result::toString);
                assertEquals(appended, result.stderr().contains(SHARING_WARNING), result::toString);
                LocalStoreReader reader = new LocalStoreReader(store);
                List<RunInfo> runs = runs(reader);
                assertEquals(1, runs.size(), result::toString);
                List<Metric> points = reader.metrics(runs.get(0).runId()).get("m");
                assertEquals(List.of(0.25), points.stream().map(Metric::value).toList(), result::toString);
                assertEquals(List.of(3L), points.stream().map(Metric::step).toList(), result::toString);
            }
        }
    }

    /** An agent jar whose engine cannot be defined (its image removed) appends the engine's jar and still tracks. */
    @Test
    void anEngineThatCannotBeDefinedGoesOnTheBootstrapClassPath() throws Exception {
        Path jar = dir.resolve("autolog-agent-without-image.jar");
        try (ZipFile in = new ZipFile(ForkedJvm.AGENT_JAR.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (ZipEntry e : Collections.list(in.entries())) {
                if (!e.getName().equals("boot/engine.bin")) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    try (InputStream bytes = in.getInputStream(e)) {
                        bytes.transferTo(out);
                    }
                }
            }
        }
        Path store = dir.resolve("mlruns");
        ForkedJvm.Result result = ForkedJvm.withClassPathDir(ForkedJvm.TEST_CLASSES).agentJar(jar).in(dir).store(store)
                .property("autolog.debug", "true").run("dev.autolog.it.fixtures.EngineLoader");

        assertNoAgentErrors(result);
        assertEquals("boot", result.first("ENGINE_LOADER"), result::toString);
        assertTrue(result.stderr().contains(SHARING_WARNING), result::toString);
        assertTrue(result.stderr().contains("autolog [debug]: the engine's classes could not be defined in the"
                + " bootstrap loader (java.io.IOException: boot/engine.bin is missing from " + jar + "); its jar was"
                + " appended to the bootstrap class path instead"), result::toString);
        assertEquals(1, runs(new LocalStoreReader(store)).size(), result::toString);
    }

    /**
     * Beside OpenTelemetry's Java agent (its own Byte Buddy, its bootstrap jar appended), named before or after it:
     * both start, and the training is one run with XGBoost's own metric values.
     */
    @Test
    void besideOpenTelemetrysAgentTheTrainingIsTracked() throws Exception {
        String otel = "-javaagent:" + ForkedJvm.FRAMEWORKS.resolve("agents/opentelemetry-javaagent-2.31.1.jar");
        String ours = "-javaagent:" + ForkedJvm.AGENT_JAR;
        for (List<String> agents : List.of(List.of(ours, otel), List.of(otel, ours))) {
            Path work = Files.createDirectories(dir.resolve(agents.get(0).equals(otel) ? "otel-first" : "ours-first"));
            ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").withoutAgent().jvmArgs(agents)
                    .jvmArgs(List.of("-Dautolog.debug=true", "-Dotel.traces.exporter=none",
                            "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none"))
                    .in(work).store(work.resolve("mlruns")).run("dev.autolog.it.fixtures.XGBoostTraining", "plain");

            assertNoAgentErrors(result);
            assertTrue(result.stderr().contains("opentelemetry-javaagent - version: 2.31.1"), result::toString);
            LocalStoreReader store = new LocalStoreReader(work.resolve("mlruns"));
            List<RunInfo> runs = runs(store);
            assertEquals(1, runs.size(), result::toString);
            Map<String, List<Metric>> metrics = store.metrics(runs.get(0).runId());
            assertEquals(List.of("test-logloss", "train-logloss"), List.copyOf(metrics.keySet()), result::toString);
            assertMetricsEqualTruth(metrics, result.lines("TRUTH"), "");
        }
    }

    @Test
    void applicationKeepsItsOwnByteBuddyAndJacksonWhileTrainingIsTracked() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4")
                .classPath(ForkedJvm.FRAMEWORKS.resolve("app-libs") + "/*")
                .in(dir).store(dir.resolve("mlruns")).run("dev.autolog.it.fixtures.IsolationApp");

        assertNoAgentErrors(result);
        List<String[]> from = result.lines("FROM");
        assertTrue(from.get(0)[1].endsWith("byte-buddy-1.14.12.jar"), result::toString);
        assertTrue(from.get(1)[1].endsWith("jackson-databind-2.15.0.jar"), result::toString);
        assertEquals("2.15.0", result.first("JACKSON"));
        assertEquals("true", result.first("BYTEBUDDY_WORKS"));
        assertEquals(1, runs(new LocalStoreReader(dir.resolve("mlruns"))).size());
    }
}
