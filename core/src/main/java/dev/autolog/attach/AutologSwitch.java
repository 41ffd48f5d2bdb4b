package dev.autolog.attach;

import dev.autolog.logging.Diagnostics;
import dev.autolog.logging.TerminalText;
import java.io.File;
import java.util.Map;

/**
 * {@code Autolog.autolog()}: attaches the agent jar to the running JVM (a notebook kernel, jshell, spark-shell),
 * once. Never throws and never touches the engine's classes before the agent is attached: loaded from the class
 * path first, they would stay a second engine beside the agent's. Each outcome is at most one line on stderr.
 */
public final class AutologSwitch {
    private static final String PREFIX = "autolog.";
    /** Said once: neither the JVM's refusal nor a missing agent jar changes while it runs. */
    private static boolean refused;

    private AutologSwitch() {
    }

    /**
     * Turns autologging on with {@code settings} (configuration keys, the {@code autolog.} prefix optional), which
     * become system properties before the agent reads its configuration. True when the agent runs in this JVM now.
     */
    public static synchronized boolean turnOn(Class<?> api, Map<String, String> settings) {
        if (AgentAttacher.agentRunning()) {
            if (settings != null && !settings.isEmpty()) {
                say("autologging is already on in this JVM; the settings passed to Autolog.autolog(...) apply only"
                        + " when it attaches the agent, so they are ignored: restart the session to change them");
            }
            return true;
        }
        if (refused) {
            return false;
        }
        File jar = AgentJar.find(api);
        if (jar == null) {
            refused = true;
            say("Autolog.autolog() needs autolog-agent.jar on the class path (this autolog API comes from "
                    + AgentJar.codeSource(api) + "): add the agent jar instead (jshell --class-path, %jars,"
                    + " spark-shell --jars) or start the JVM with -javaagent:autolog-agent.jar; this session runs"
                    + " untracked");
            return false;
        }
        try {
            applySettings(settings);
            AgentAttacher.attach(jar, null);
        } catch (AttachRefusedException e) {
            refused = true;
            say(e.getMessage() + ": start the JVM with " + jvmOption("-javaagent:" + jar)
                    + " instead; this session runs untracked");
            return false;
        } catch (Exception | LinkageError e) {
            say("could not attach the agent (" + e + "): start the JVM with " + jvmOption("-javaagent:" + jar)
                    + " instead; this session runs untracked");
            return false;
        }
        if (!AgentAttacher.agentRunning()) {
            say("the agent was loaded but did not start (the line above says why); this session runs untracked");
            return false;
        }
        if (VmFlags.warnsOfDynamicAgent()) {
            say("autologging is on. The JVM's WARNING about a dynamically loaded agent is expected on Java 21+:"
                    + " start the JVM with " + jvmOption("-XX:+EnableDynamicAgentLoading") + " to silence it");
        }
        return true;
    }

    /**
     * The API already runs its own engine from the class path (it was used before {@code autolog()}): the agent's
     * engine beside it would share its class names, so a later class of either may resolve to the other's.
     */
    public static synchronized void refuseBesideLibraryEngine() {
        if (!refused) {
            refused = true;
            say("the autolog API was used before Autolog.autolog() in this session (without the agent, as a plain"
                    + " library), so the agent cannot join it: call Autolog.autolog() first in a new session (restart"
                    + " the kernel or shell); this session runs untracked");
        }
    }

    /** Sets each setting as the system property {@code autolog.<key>}; a null key or value is one line. */
    static void applySettings(Map<String, String> settings) {
        if (settings == null) {
            return;
        }
        settings.forEach((key, value) -> {
            if (key == null || key.isBlank() || value == null) {
                say("ignoring the setting " + TerminalText.shortened(key) + "=" + TerminalText.shortened(value)
                        + " passed to Autolog.autolog(...): keys and values"
                        + " are non-empty strings, the keys those of the configuration table");
            } else {
                String name = key.strip();
                System.setProperty(name.startsWith(PREFIX) ? name : PREFIX + name, value);
            }
        });
    }

    /** A JVM option as the user gives it here: jshell runs the code in a JVM of its own, which takes -R options. */
    private static String jvmOption(String option) {
        return System.getProperty("sun.java.command", "").startsWith("jdk.jshell.execution.")
                ? "-R" + option + " (jshell's option for the JVM that runs your code)" : option;
    }

    private static void say(String line) {
        Diagnostics.warn(line);
    }
}
