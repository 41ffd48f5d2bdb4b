package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.runs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.RunInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application compiled against a newer autolog-core than the agent's: its API is its own, the agent's engine
 * serves what it has, and the one call the engine lacks is said and skipped instead of killing the application.
 */
class VersionSkewTest {
    private static final Path CORE_SOURCES = Path.of(System.getProperty("autolog.core.sources"));
    private static final String NEWER = "9.9.9";
    private static final String APP = """
            import dev.autolog.ActiveRun;
            import dev.autolog.Autolog;

            public class SkewApp {
                public static void main(String[] args) {
                    try (ActiveRun run = Autolog.startRun("skew")) {
                        Autolog.logMetric("before", 1.0, 1);
                        System.out.println("NEWER " + Autolog.newerCall("x"));
                        Autolog.logMetric("after", 2.0, 2);
                        System.out.println("FLUSHED " + Autolog.flush());
                    }
                    System.out.println("APP_DONE true");
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void applicationOnANewerCoreRunsOnAnOlderAgentAndTheSkewIsSaidOnce() throws Exception {
        Path newerCore = newerCoreJar();
        Path app = compile(dir.resolve("app"), newerCore, write(dir.resolve("src/SkewApp.java"), APP));
        String agentVersion;
        try (JarFile agent = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            agentVersion = agent.getManifest().getMainAttributes().getValue("Implementation-Version");
        }

        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").classPath(newerCore.toString())
                .classPath(app.toString()).in(dir).store(dir.resolve("mlruns")).run("SkewApp");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("true", result.first("APP_DONE"));
        assertEquals("fallback", result.first("NEWER"));
        assertEquals("true", result.first("FLUSHED"));
        List<String> skew = result.warnings().stream().filter(w -> w.contains(NEWER)).toList();
        assertEquals(2, skew.size(), result::toString);
        assertEquals("autolog: this application's autolog-core is " + NEWER + " and the agent's engine is "
                + agentVersion + "; API calls the engine lacks are ignored, one line each, but RunStatus is the"
                + " engine's: a RunStatus constant or method it lacks fails in the application (NoSuchFieldError,"
                + " NoSuchMethodError), so use an agent at least as new as autolog-core", skew.get(0));
        assertTrue(skew.get(1).startsWith("autolog: Autolog.newerCall is not in the running autolog engine "
                + agentVersion + " (this autolog-core is " + NEWER + "); the call is ignored"), skew.get(1));
        LocalStoreReader store = new LocalStoreReader(dir.resolve("mlruns"));
        RunInfo run = runs(store).get(0);
        assertEquals("skew", run.runName());
        assertEquals(RunStatus.FINISHED, run.status());
        Map<String, List<Metric>> metrics = store.metrics(run.runId());
        assertEquals(1.0, metrics.get("before").get(0).value());
        assertEquals(2.0, metrics.get("after").get(0).value());
    }

    @Test
    void newerCoreWithoutTheAgentIsAPlainLibraryThatSaysNothing() throws Exception {
        Path newerCore = newerCoreJar();
        Path app = compile(dir.resolve("app"), newerCore, write(dir.resolve("src/SkewApp.java"), APP));

        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4").classPath(newerCore.toString())
                .classPath(app.toString()).in(dir).store(dir.resolve("mlruns")).withoutAgent().run("SkewApp");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("engine:x", result.first("NEWER"));
        assertEquals(List.of(), result.warnings(), result::toString);
    }

    /** This autolog-core with one more API method, and the engine method it calls, as version 9.9.9. */
    private Path newerCoreJar() throws IOException {
        Path autolog = write(dir.resolve("newer-src/dev/autolog/Autolog.java"), withMethod(
                CORE_SOURCES.resolve("dev/autolog/Autolog.java"), """
                    public static String newerCall(String x) {
                        return ApiCalls.get("Autolog.newerCall", () -> dev.autolog.run.ManualApi.newerCall(x),
                                "fallback");
                    }
                """));
        Path manualApi = write(dir.resolve("newer-src/dev/autolog/run/ManualApi.java"), withMethod(
                CORE_SOURCES.resolve("dev/autolog/run/ManualApi.java"), """
                    public static String newerCall(String x) {
                        return "engine:" + x;
                    }
                """));
        Path classes = dir.resolve("newer-classes");
        try (JarFile core = new JarFile(ForkedJvm.CORE_JAR.toFile())) {
            for (Enumeration<JarEntry> e = core.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().endsWith(".class")) {
                    Path to = classes.resolve(entry.getName());
                    Files.createDirectories(to.getParent());
                    Files.copy(core.getInputStream(entry), to);
                }
            }
        }
        compile(classes, classes, autolog, manualApi);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, NEWER);
        Path jar = dir.resolve("autolog-core-" + NEWER + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String withMethod(Path source, String method) throws IOException {
        String text = Files.readString(source, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('}');
        return text.substring(0, end) + method + "}\n";
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static Path compile(Path out, Path classPath, Path... sources) {
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", classPath.toString()));
        for (Path s : sources) {
            args.add(s.toString());
        }
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(new String[0])),
                "javac failed (its messages are on stderr)");
        return out;
    }
}
