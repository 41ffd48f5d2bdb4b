package dev.autolog.agent.tooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** In a JVM of its own, as the CLI's: whose compiler directives a command leaves behind. */
class ShortCommandJitTest {

    @Test
    void aRunsCommandKeepsItsJvmOffTheOptimizingCompiler() throws Exception {
        String directives = directivesAfter("runs");
        assertTrue(directives.contains("Exclude:true"), directives);
    }

    @Test
    void withThePlatformProvidersPackageExportedAsTheJarsManifestDoesTheDirectiveComesWithoutTheBeanServer()
            throws Exception {
        String directives = directivesAfter("runs", "--add-exports=java.management/sun.management.spi=ALL-UNNAMED");
        assertTrue(directives.contains("Exclude:true"), directives);
        assertTrue(directives.contains("bean server started: false"), directives);
    }

    @Test
    void theUiKeepsTheUsualCompilers() throws Exception {
        String directives = directivesAfter("ui");
        assertTrue(directives.contains("Directive: (default)"), directives);
        assertFalse(directives.contains("Exclude:true"), directives);
    }

    private static String directivesAfter(String command, String... jvmOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("--add-opens=java.management/java.lang.management=ALL-UNNAMED"); // for the probe's own check
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName(), command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** Does what the CLI's main does first for {@code args[0]}, waits for it, and prints the JVM's directives. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            Thread started = Cli.quickCompilerFor(args);
            if (started != null) {
                started.join();
            }
            // before this probe's own use of the server below starts it
            System.out.println("bean server started: " + beanServerStarted());
            System.out.println(ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()}));
        }

        private static boolean beanServerStarted() throws ReflectiveOperationException {
            Field server = ManagementFactory.class.getDeclaredField("platformMBeanServer");
            server.setAccessible(true);
            return server.get(null) != null;
        }
    }
}
