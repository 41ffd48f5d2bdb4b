package dev.autolog.run;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The notebook or shell this JVM runs cells for, as {@code mlflow.source.name}: the notebook's or script's path when
 * the host tells it, else {@code jshell}, {@code spark-shell} or {@code jupyter}. What each host tells:
 * Jupyter Server gives a kernel the notebook's path in {@code JPY_SESSION_NAME} (nbconvert does not) and every
 * Jupyter client sets {@code JPY_PARENT_PID}; jshell runs cells in a JVM of its own whose parent, the jshell tool,
 * has the script on its command line; spark-shell (and Scala's REPL) take a script as {@code -i} / {@code -I}.
 */
final class ShellSource {
    static final String JSHELL_REMOTE = "jdk.jshell.execution.";
    static final String JSHELL_TOOL = "jdk.jshell/jdk.internal.jshell.tool.JShellToolProvider";
    static final String SPARK_REPL = "org.apache.spark.repl.Main";
    /** jshell options followed by a value (the others are one word, e.g. {@code -R-Xmx1g}). */
    private static final Set<String> JSHELL_VALUE_OPTIONS = Set.of("--class-path", "-cp", "-classpath",
            "--module-path", "-p", "--add-modules", "--add-exports", "--startup", "--feedback", "--execution");
    private static final Set<String> JSHELL_BUILTIN_SCRIPTS = Set.of("DEFAULT", "PRINTING", "JAVASE", "TOOLING");

    private ShellSource() {
    }

    /**
     * The source name, or null when this JVM is no notebook kernel or shell. {@code javaCommand} is
     * {@code sun.java.command}; {@code parentArguments} the arguments of the process that started this one.
     */
    static String name(String javaCommand, Map<String, String> env, Path workDir,
                       Supplier<List<String>> parentArguments) {
        String session = env.get("JPY_SESSION_NAME");
        if (session != null && !session.isBlank()) {
            return session;
        }
        if (env.containsKey("JPY_PARENT_PID")) {
            return "jupyter";
        }
        List<String> words = Arrays.asList(javaCommand.trim().split("\\s+"));
        String main = words.get(0);
        if (main.startsWith(JSHELL_REMOTE)) {
            return orElse(jshellScript(parentArguments.get(), workDir), "jshell");
        }
        if (main.equals(JSHELL_TOOL)) {
            return orElse(jshellScript(words.subList(1, words.size()), workDir), "jshell");
        }
        if (main.equals(SPARK_REPL) || words.contains(SPARK_REPL)) {
            return orElse(scalaScript(words, workDir), "spark-shell");
        }
        return null;
    }

    /** The first script the jshell tool was given, absolute; null when there is none. */
    static String jshellScript(List<String> args, Path workDir) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (JSHELL_VALUE_OPTIONS.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-") && !JSHELL_BUILTIN_SCRIPTS.contains(arg)) {
                return workDir.resolve(arg).normalize().toString();
            }
        }
        return null;
    }

    /** The file after the Scala REPL's {@code -i} or {@code -I}, absolute; null when there is none. */
    static String scalaScript(List<String> args, Path workDir) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("-i") || args.get(i).equals("-I")) {
                return workDir.resolve(args.get(i + 1)).normalize().toString();
            }
        }
        return null;
    }

    /** The arguments of the process that started this JVM (empty when the system does not say). */
    static List<String> parentArguments() {
        return ProcessHandle.current().parent().flatMap(p -> p.info().arguments()).map(List::of).orElse(List.of());
    }

    private static String orElse(String script, String host) {
        return script != null ? script : host;
    }
}
