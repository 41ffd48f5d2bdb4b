package dev.autolog.agent.tooling;

import dev.autolog.cli.Command;
import dev.autolog.cli.CommandProvider;
import dev.autolog.cli.ExitCode;
import dev.autolog.cli.ExperimentsCommand;
import dev.autolog.cli.RunsCommand;
import dev.autolog.cli.UiCommand;
import dev.autolog.logging.TerminalText;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;

/** {@code java -jar autolog-agent.jar <command>}: one table of commands, each with its own {@code --help}. */
public final class Cli {
    private static final Map<String, Entry> COMMANDS = new LinkedHashMap<>();
    /** Commands that read or change a store and end: the UI serves on, and a plug-in's command may run long. */
    private static final Set<String> SHORT_COMMANDS = Set.of("experiments", "runs");

    static {
        add("experiments", "list, rename, delete and restore experiments", ExperimentsCommand::command);
        add("runs", "list, show, compare, tag, delete and restore runs", RunsCommand::command);
        add("ui", "a local web UI on the store: tables, charts, comparisons", UiCommand::command);
        for (CommandProvider p : ServiceLoader.load(CommandProvider.class, Cli.class.getClassLoader())) {
            add(p.name(), p.summary(), p::command);
        }
    }

    private record Entry(String summary, Supplier<Command> command) {
    }

    private Cli() {
    }

    private static void add(String name, String summary, Supplier<Command> command) {
        COMMANDS.put(name, new Entry(summary, command));
    }

    public static void main(String[] args) {
        quickCompilerFor(args);
        int code = run(Arrays.asList(args), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * For a short command, the thread that keeps this JVM on the quick compiler ({@link ShortCommandJit}); null for
     * others. Only {@link #main} calls it: {@link #run} also runs in other JVMs (tests), whose compilers it leaves be.
     */
    static Thread quickCompilerFor(String[] args) {
        return args.length > 0 && SHORT_COMMANDS.contains(args[0]) ? ShortCommandJit.start() : null;
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            out.print(help());
            return args.isEmpty() ? ExitCode.USAGE : ExitCode.OK;
        }
        if (args.get(0).equals("--version")) {
            out.println("autolog " + version());
            return ExitCode.OK;
        }
        Entry entry = COMMANDS.get(args.get(0));
        if (entry == null) {
            err.println("autolog: unknown command '" + TerminalText.safe(args.get(0)) + "' (accepted: "
                    + String.join(", ", COMMANDS.keySet()) + "; see --help)");
            return ExitCode.USAGE;
        }
        return entry.command().get().run(args.subList(1, args.size()), out, err);
    }

    private static String help() {
        StringBuilder out = new StringBuilder("autolog " + version() + "\n\n"
                + "As an agent:  java -javaagent:autolog-agent.jar -cp <app> <Main>\n"
                + "              (runs go to ./mlruns unless -Dautolog.tracking.uri=<dir> says otherwise)\n\n"
                + "As a tool:    java -jar autolog-agent.jar <command> [options]\n\n");
        COMMANDS.forEach((name, e) -> out.append(String.format("  %-12s %s%n", name, e.summary())));
        return out.append("\nEvery command takes --help; those that read a store take --store <dir>.\n"
                + "Exit codes: 0 ok, 1 not found or failed, 2 bad usage.\n").toString();
    }

    private static String version() {
        String version = Cli.class.getPackage() == null ? null : Cli.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
