package dev.autolog.cli;

import java.io.IOException;
import java.util.Set;

/**
 * One subcommand: its usage line, what it does, the options it takes and how many positionals. {@code --store}
 * and {@code --help} are accepted by every subcommand; {@code --json} by those that print data.
 */
record Subcommand(String name, String usage, String summary, Set<String> valued, Set<String> flags, int minArgs,
                  int maxArgs, Action action) {

    @FunctionalInterface
    interface Action {
        void run(Args args, Output out) throws IOException;
    }
}
