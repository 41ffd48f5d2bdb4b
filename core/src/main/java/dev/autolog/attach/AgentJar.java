package dev.autolog.attach;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Finds autolog-agent.jar in this JVM: the jar a class was loaded from, else an entry of the class path. */
public final class AgentJar {
    static final String AGENT_CLASS = "dev.autolog.agent.AutologAgent";

    private AgentJar() {
    }

    /** The agent jar {@code api} came from, else the first agent jar on {@code java.class.path}; null if none. */
    public static File find(Class<?> api) {
        File own = codeSource(api);
        if (own != null && isAgentJar(own)) {
            return own;
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            File f = new File(entry);
            if (!entry.isEmpty() && isAgentJar(f)) {
                return f;
            }
        }
        return null;
    }

    /** Where {@code c} was loaded from: a jar, a directory, or null (the bootstrap loader, a generated class). */
    public static File codeSource(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        try {
            return source == null || source.getLocation() == null ? null : new File(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    static boolean isAgentJar(File f) {
        if (!f.isFile()) {
            return false;
        }
        try (JarFile jar = new JarFile(f, false)) {
            Manifest manifest = jar.getManifest();
            return manifest != null && AGENT_CLASS.equals(manifest.getMainAttributes().getValue("Agent-Class"));
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
