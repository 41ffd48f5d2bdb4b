package dev.autolog.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command with subcommands ({@code runs list}, {@code runs show} ...): parses, prints help, and turns every
 * failure into one line on stderr and an exit code. A group with one subcommand named "" is a plain command.
 */
final class CommandGroup implements Command {
    private static final Set<String> COMMON_VALUED = Set.of("store");
    private static final Set<String> COMMON_FLAGS = Set.of("help", "json");

    private final String name;
    private final Map<String, Subcommand> subcommands = new LinkedHashMap<>();

    CommandGroup(String name, List<Subcommand> subcommands) {
        this.name = name;
        subcommands.forEach(s -> this.subcommands.put(s.name(), s));
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        boolean plain = subcommands.containsKey("");
        if (!plain && (args.isEmpty() || isHelp(args.get(0)))) {
            out.print(groupHelp());
            return args.isEmpty() ? ExitCode.USAGE : ExitCode.OK;
        }
        Subcommand sub = subcommands.get(plain ? "" : args.get(0));
        if (sub == null) {
            Output.error(err, "unknown command '" + name + " " + args.get(0) + "' (accepted: "
                    + String.join(", ", subcommands.keySet()) + ")");
            return ExitCode.USAGE;
        }
        List<String> rest = plain ? args : args.subList(1, args.size());
        if (rest.stream().anyMatch(CommandGroup::isHelp)) {
            out.print(help(sub));
            return ExitCode.OK;
        }
        try {
            Args parsed = Args.parse(rest, union(sub.valued(), COMMON_VALUED), union(sub.flags(), COMMON_FLAGS));
            int n = parsed.positional().size();
            if (n < sub.minArgs() || n > sub.maxArgs()) {
                throw CliException.usage("usage: " + sub.usage());
            }
            sub.action().run(parsed, new Output(out, err, parsed.flag("json")));
            return ExitCode.OK;
        } catch (CliException e) {
            Output.error(err, e.getMessage());
            if (e.exitCode() == ExitCode.USAGE) {
                err.println("Run '" + prefix(sub) + " --help' for usage.");
            }
            return e.exitCode();
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
            Output.error(err, "cannot read or write the store: " + describe(cause));
            return ExitCode.FAILED;
        } catch (RuntimeException e) {
            Output.error(err, prefix(sub) + " failed: " + describe(e));
            return ExitCode.FAILED;
        }
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + message;
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }

    private String prefix(Subcommand sub) {
        return "autolog " + name + (sub.name().isEmpty() ? "" : " " + sub.name());
    }

    private String groupHelp() {
        StringBuilder out = new StringBuilder("Usage: java -jar autolog-agent.jar " + name + " <command> [options]\n\n");
        subcommands.values().forEach(s -> out.append(String.format("  %-40s %s%n", s.usage(), s.summary().lines()
                .findFirst().orElse(""))));
        return out.append("\nRun '").append(name).append(" <command> --help' for the options of one command.\n")
                .toString();
    }

    private String help(Subcommand sub) {
        return "Usage: java -jar autolog-agent.jar " + sub.usage() + "\n\n" + sub.summary() + "\n\n"
                + "  --store <dir>   the store (default: autolog.tracking.uri, MLFLOW_TRACKING_URI, else ./mlruns)\n"
                + "  --json          print JSON for scripts instead of text\n"
                + "  --help          this text\n"
                + "Exit codes: 0 ok, 1 not found or unreadable, 2 bad usage.\n";
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
