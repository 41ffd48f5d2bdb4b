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
    private static final StackWalker WALKER = StackWalker.getInstance();

    private ShellCells() {
    }

    static boolean runningCellCode() {
        return WALKER.walk(frames -> frames.anyMatch(f -> f.getClassName().startsWith(CELL_CLASS_PREFIX)));
    }
}
