package dev.autolog.spark;

import java.io.File;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * Attaches the agent jar this class was loaded from to this JVM. A JVM may not attach to itself unless started with
 * {@code -Djdk.attach.allowAttachSelf=true}, so a short-lived child JVM ({@link SelfAttach}) does it; this waits
 * until the agent has started, so the driver's first fit is tracked.
 */
final class AgentAttacher {
    private static final long TIMEOUT_SECONDS = 60;

    private AgentAttacher() {
    }

    static void attach(String agentArgs) throws Exception {
        if (agentRunning()) {
            return;
        }
        File jar = new File(AgentAttacher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        Process p = new ProcessBuilder(java, "-cp", jar.getPath(), SelfAttach.class.getName(), pid, jar.getPath(),
                agentArgs).redirectErrorStream(true).start();
        String output = read(p.getInputStream());
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("attaching took longer than " + TIMEOUT_SECONDS + "s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(output.trim());
        }
    }

    /** True when the agent is already in this JVM (its engine is on the bootstrap class path). */
    static boolean agentRunning() {
        try {
            Class.forName("dev.autolog.hook.Hooks", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String read(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
        }
        return new String(out.toByteArray(), "UTF-8");
    }
}
