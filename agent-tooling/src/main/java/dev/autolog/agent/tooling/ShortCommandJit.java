package dev.autolog.agent.tooling;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * Keeps the CLI's own JVM on the quick compiler for a command that ends in a second or two: the optimizing compiler
 * (C2) would spend about a third of such a command's CPU compiling code the command then runs for a few hundred
 * milliseconds at most (as {@code -XX:TieredStopAtLevel=1} does for short tools, which {@code java -jar} cannot be
 * given). A compiler directive excluding C2 is added through the JVM's diagnostic command bean, on a daemon thread so
 * that the command starts meanwhile; a method the directive excludes from C2 is compiled by C1 alone. Only ever for
 * the CLI's process, never in an application the agent runs in; a JVM without the bean or the directive just keeps
 * its usual compilers.
 */
final class ShortCommandJit {
    private static final String DIRECTIVE = "[{ match: \"*.*\", c2: { Exclude: true } }]";

    private ShortCommandJit() {
    }

    /** The thread adding the directive, which the command does not wait for. */
    static Thread start() {
        Thread thread = new Thread(ShortCommandJit::addDirective, "autolog-cli-jit");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void addDirective() {
        Path file = null;
        try {
            file = Files.createTempFile("autolog-cli-jit", ".json");
            Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
        } catch (Exception | LinkageError e) {
            // no such bean or command in this JVM: the command runs with the usual compilers
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (Exception e) {
                    // a temporary file of a few bytes, left in the temporary folder
                }
            }
        }
    }
}
