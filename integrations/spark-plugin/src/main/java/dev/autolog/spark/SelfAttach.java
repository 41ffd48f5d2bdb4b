package dev.autolog.spark;

/**
 * {@code java -cp autolog-agent.jar dev.autolog.spark.SelfAttach <pid> <agent jar> <agent args>}: loads the agent
 * into JVM {@code pid} through the attach API (reflectively: the {@code jdk.attach} module is not there to compile
 * against for Java 8). Exits 1 with the reason when the JVM refuses, e.g. on a JRE without the attach API or with
 * {@code -XX:-EnableDynamicAgentLoading}.
 */
public final class SelfAttach {

    private SelfAttach() {
    }

    public static void main(String[] args) {
        try {
            Class<?> vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
            Object vm = vmClass.getMethod("attach", String.class).invoke(null, args[0]);
            try {
                vmClass.getMethod("loadAgent", String.class, String.class).invoke(vm, args[1], args[2]);
            } finally {
                vmClass.getMethod("detach").invoke(vm);
            }
        } catch (Throwable t) {
            Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
            System.out.println(cause);
            System.exit(1);
        }
    }
}
