package dev.autolog.bench;

import java.lang.management.ManagementFactory;

/**
 * The smallest program: what JVM start-up costs with and without the agent. Prints when {@code main} began; with an
 * argument, then sleeps that many milliseconds (a JVM that lives on but never trains) and prints the process's CPU
 * milliseconds so far.
 */
public final class Hello {

    public static void main(String[] args) throws InterruptedException {
        System.out.println(System.currentTimeMillis());
        if (args.length > 0) {
            Thread.sleep(Long.parseLong(args[0]));
            System.out.println(((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1_000_000);
        }
    }
}
