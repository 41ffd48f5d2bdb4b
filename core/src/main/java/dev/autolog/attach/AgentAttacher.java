package dev.autolog.attach;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loads the agent jar into this JVM at run time. A JVM may attach to itself only when started with
 * {@code -Djdk.attach.allowAttachSelf=true}; otherwise a short-lived helper JVM from the same {@code java.home}
 * ({@link SelfAttach}) attaches to this one. Returns once the agent's {@code agentmain} has run.
 */
public final class AgentAttacher {
    private static final long TIMEOUT_SECONDS = 60;

    private AgentAttacher() {
    }

    /** True when the agent runs in this JVM: its engine is on the bootstrap class path. */
    public static boolean agentRunning() {
        try {
            Class.forName("dev.autolog.hook.Hooks", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public static void attach(File jar, String agentArgs) throws AttachRefusedException, IOException,
            InterruptedException {
        String refusal = VmFlags.refusal();
        if (refusal != null) {
            throw new AttachRefusedException(refusal);
        }
        String pid = String.valueOf(ProcessHandle.current().pid());
        if (Boolean.getBoolean("jdk.attach.allowAttachSelf")) {
            try {
                SelfAttach.load(pid, jar.getPath(), agentArgs);
            } catch (LinkageError e) {
                throw new AttachRefusedException(AttachRefusedException.NO_ATTACH_MODULE);
            } catch (Exception e) {
                throw new AttachRefusedException("the JVM refused the agent: " + e);
            }
        } else {
            attachFromHelper(pid, jar, agentArgs);
        }
    }

    private static void attachFromHelper(String pid, File jar, String agentArgs) throws AttachRefusedException,
            IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", jar.getPath(), SelfAttach.class.getName(), pid, jar.getPath()));
        if (agentArgs != null) {
            command.add(agentArgs);
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // the helper prints one line at most, far below a pipe's buffer, so waiting first cannot block it
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AttachRefusedException("attaching took longer than " + TIMEOUT_SECONDS + " s");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new AttachRefusedException(output.isEmpty() ? "the attach helper JVM failed (exit "
                    + p.exitValue() + ")" : output.lines().findFirst().orElse(output));
        }
    }
}
