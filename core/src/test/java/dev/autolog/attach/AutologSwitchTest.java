package dev.autolog.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutologSwitchTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearProperties() {
        System.clearProperty("autolog.experiment");
        System.clearProperty("autolog.tracking.uri");
        System.clearProperty("autolog.debug");
    }

    @Test
    void settingsBecomeAutologSystemPropertiesWithOrWithoutThePrefix() {
        Map<String, String> settings = new HashMap<>();
        settings.put("experiment", "notebooks");
        settings.put("autolog.tracking.uri", "/data/mlruns");
        settings.put("debug", null);

        AutologSwitch.applySettings(settings);

        assertEquals("notebooks", System.getProperty("autolog.experiment"));
        assertEquals("/data/mlruns", System.getProperty("autolog.tracking.uri"));
        assertNull(System.getProperty("autolog.debug"), "a null value is said and skipped");
        assertNull(System.getProperty("autolog.autolog.tracking.uri"));
    }

    @Test
    void theAgentJarIsTheJarWhoseManifestNamesTheAgentClass() throws Exception {
        Path agent = jar("agent.jar", AgentJar.AGENT_CLASS);
        Path other = jar("core.jar", null);

        assertTrue(AgentJar.isAgentJar(agent.toFile()));
        assertFalse(AgentJar.isAgentJar(other.toFile()));
        assertFalse(AgentJar.isAgentJar(dir.toFile()), "a directory is no jar");
    }

    private Path jar(String name, String agentClass) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (agentClass != null) {
            manifest.getMainAttributes().putValue("Agent-Class", agentClass);
        }
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar)) {
            new JarOutputStream(out, manifest).close();
        }
        return jar;
    }
}
