package dev.autolog.attach;

import com.sun.tools.attach.VirtualMachine;

/**
 * {@code java -cp autolog-agent.jar dev.autolog.attach.SelfAttach <pid> <agent jar> [agent args]}: loads the agent
 * into JVM {@code pid} through the attach API, for a JVM that may not attach to itself. Exits 1 with the reason on
 * stdout when that fails, e.g. on a runtime without the {@code jdk.attach} module.
 */
public final class SelfAttach {

    private SelfAttach() {
    }

    public static void main(String[] args) {
        try {
            load(args[0], args[1], args.length > 2 ? args[2] : null);
        } catch (Exception | LinkageError e) {
            System.out.println(e instanceof NoClassDefFoundError ? AttachRefusedException.NO_ATTACH_MODULE : e);
            System.exit(1);
        }
    }

    /** Attaches to {@code pid} and loads the agent there; the attach API's own exception when it refuses. */
    static void load(String pid, String jar, String agentArgs) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(pid);
        try {
            vm.loadAgent(jar, agentArgs);
        } finally {
            vm.detach();
        }
    }
}
