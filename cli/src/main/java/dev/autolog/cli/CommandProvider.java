package dev.autolog.cli;

/**
 * A top-level command contributed by another module of the agent (found with {@link java.util.ServiceLoader}), so
 * the command table does not depend on, say, the MLflow backend's HTTP client.
 */
public interface CommandProvider {
    String name();

    /** One line for {@code --help}. */
    String summary();

    Command command();
}
