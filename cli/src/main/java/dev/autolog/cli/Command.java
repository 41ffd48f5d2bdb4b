package dev.autolog.cli;

import java.io.PrintStream;
import java.util.List;

/** A top-level command of {@code java -jar autolog-agent.jar}; returns the exit code (see {@link ExitCode}). */
@FunctionalInterface
public interface Command {
    int run(List<String> args, PrintStream out, PrintStream err);
}
