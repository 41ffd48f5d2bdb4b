package dev.autolog.logging;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's own voice: one-line warnings on stderr prefixed {@code autolog:}, each problem said once,
 * and counters of what went wrong that the exit summary reports. Every line goes through {@link #print}: control
 * characters are escaped ({@link TerminalText#safe}), so a key or value from the application or a config file can
 * never drive the user's terminal, and a line is cut at {@link #MAX_LINE} characters.
 */
public final class Diagnostics {
    /** Longer than any message of ours with its quoted names already cut ({@link TerminalText#shortened}). */
    static final int MAX_LINE = 4000;
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();
    private static final LongAdder HOOK_ERRORS = new LongAdder();
    private static final LongAdder INSTRUMENTATION_ERRORS = new LongAdder();
    private static final LongAdder BACKEND_ERRORS = new LongAdder();
    private static final LongAdder VALUES_NOT_STORED = new LongAdder();
    private static final LongAdder VALUES_REFUSED = new LongAdder();
    private static volatile boolean debug;
    private static volatile PrintStream err = System.err;

    private Diagnostics() {
    }

    /** Sends the agent's messages to {@code out} instead of stderr; returns where they went before (for tests). */
    public static PrintStream setOutput(PrintStream out) {
        PrintStream before = err;
        err = out;
        return before;
    }

    public static void setDebug(boolean on) {
        debug = on;
    }

    public static boolean debugEnabled() {
        return debug;
    }

    public static void warn(String message) {
        print("autolog: " + message);
    }

    /** Warns the first time {@code key} is seen; later calls with the same key are silent. */
    public static void warnOnce(String key, String message) {
        if (SAID.add(key)) {
            warn(message);
        }
    }

    public static void debug(String message) {
        if (debug) {
            print("autolog [debug]: " + message);
        }
    }

    /** An exception thrown inside our advice or hook code; swallowed so the application never sees it. */
    public static void hookError(String where, Throwable t) {
        HOOK_ERRORS.increment();
        if (debug) {
            print("autolog [debug]: error in " + where + ": " + t);
            printStackTrace(t);
        } else {
            warnOnce("hook:" + where, "internal error in " + where + " (" + t
                    + "); training continues; set autolog.debug=true for details");
        }
    }

    public static void instrumentationError(String typeName, Throwable t) {
        INSTRUMENTATION_ERRORS.increment();
        debug("could not instrument " + typeName + ": " + t);
        if (debug) {
            printStackTrace(t);
        }
    }

    public static void backendError(String key, String message) {
        backendError(key, message, 0);
    }

    /** A store call that failed, losing {@code valuesNotStored} metric points, params and tags. */
    public static void backendError(String key, String message, long valuesNotStored) {
        BACKEND_ERRORS.increment();
        VALUES_NOT_STORED.add(valuesNotStored);
        warnOnce("backend:" + key, message);
    }

    /** A value the API did not pass on to the store (a param logged again with another value); said once per key. */
    public static void valueRefused(String key, String message) {
        VALUES_REFUSED.increment();
        warnOnce(key, message);
    }

    private static void print(String line) {
        err.println(TerminalText.safe(TerminalText.shortened(line, MAX_LINE)));
    }

    /** The trace line by line, each escaped: an exception's message may carry a key it was given. */
    private static void printStackTrace(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        trace.toString().lines().map(line -> line.replace("\t", "    ")).forEach(Diagnostics::print);
    }

    public static long hookErrors() {
        return HOOK_ERRORS.sum();
    }

    public static long instrumentationErrors() {
        return INSTRUMENTATION_ERRORS.sum();
    }

    public static long backendErrors() {
        return BACKEND_ERRORS.sum();
    }

    /** Values a store could not write and values refused before they reached it. */
    public static long valuesNotStored() {
        return VALUES_NOT_STORED.sum() + VALUES_REFUSED.sum();
    }
}
