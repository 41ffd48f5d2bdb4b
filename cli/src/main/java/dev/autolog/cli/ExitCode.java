package dev.autolog.cli;

/** Exit codes of every command: like Azure ML's and MLflow's CLIs, 2 is reserved for bad usage. */
public final class ExitCode {
    public static final int OK = 0;
    /** Not found, or the store could not be read or written. */
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
