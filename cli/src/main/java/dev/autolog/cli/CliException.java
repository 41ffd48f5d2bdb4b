package dev.autolog.cli;

/** A failure the user can act on: printed as one line, never with a stack trace. */
final class CliException extends RuntimeException {
    private final int exitCode;

    private CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    static CliException notFound(String message) {
        return new CliException(ExitCode.FAILED, message);
    }

    int exitCode() {
        return exitCode;
    }
}
