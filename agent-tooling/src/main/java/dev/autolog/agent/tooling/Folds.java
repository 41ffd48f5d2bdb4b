package dev.autolog.agent.tooling;

/**
 * The folds of the cross-validation tracked on this thread: its hook starts and stops the count, and each fold's
 * evaluation takes the next fold number as its step.
 */
public final class Folds {
    private static final ThreadLocal<int[]> FOLD = new ThreadLocal<>();

    private Folds() {
    }

    public static void start() {
        FOLD.set(new int[1]);
    }

    public static void stop() {
        FOLD.remove();
    }

    /** The fold the next evaluation on this thread belongs to, or -1 outside a tracked cross-validation. */
    public static int next() {
        int[] fold = FOLD.get();
        return fold == null ? -1 : fold[0]++;
    }
}
