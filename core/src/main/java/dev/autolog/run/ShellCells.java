package dev.autolog.run;

/**
 * Whether code runs for a JShell cell (jshell, a Jupyter Java kernel such as JJava or IJava): JShell compiles every
 * snippet into a class {@code REPL.$JShell$<n>}, so a cell's frame, or a frame of a class or lambda a cell defined,
 * is on the stack. Kernels run each cell on a thread of their own (a new thread per cell for JShell's local
 * execution, a pool whose idle threads die after a minute for JJava and IJava), so the thread alone cannot carry a
 * run from one cell to the next.
 */
final class ShellCells {
    private static final String CELL_CLASS_PREFIX = "REPL.$JShell$";
    /**
     * Whether this JVM can run cells at all: a Jupyter kernel, jshell's execution JVM or the jshell tool running
     * cells itself; elsewhere no stack is ever walked, so an application's runs cost nothing more.
     */
    private static final boolean SHELL = System.getenv("JPY_PARENT_PID") != null
            || isShellCommand(System.getProperty("sun.java.command", ""));

    private ShellCells() {
    }

    static boolean runningCellCode() {
        return SHELL && StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().startsWith(CELL_CLASS_PREFIX)));
    }

    static boolean isShellCommand(String javaCommand) {
        return javaCommand.startsWith(ShellSource.JSHELL_REMOTE) || javaCommand.startsWith(ShellSource.JSHELL_TOOL);
    }
}
