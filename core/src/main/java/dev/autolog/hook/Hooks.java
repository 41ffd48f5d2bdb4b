package dev.autolog.hook;

import dev.autolog.logging.Diagnostics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridge between instrumented framework code and the agent. The advice Byte Buddy inlines into a framework
 * method calls only these static methods, which sit on the bootstrap class path and so resolve from any class
 * loader; they look up the integration's {@link Hook} by id. Nothing thrown here ever reaches the application.
 */
public final class Hooks {
    private static final Map<String, Hook> HOOKS = new ConcurrentHashMap<>();
    private static final Map<String, Replacement> REPLACEMENTS = new ConcurrentHashMap<>();
    private static final Object NO_STATE = new Object();

    private Hooks() {
    }

    public static void register(String id, Hook hook) {
        HOOKS.put(id, hook);
    }

    public static void register(String id, Replacement replacement) {
        REPLACEMENTS.put(id, replacement);
    }

    /** True when the replacement registered under {@code id} did the method's work (its body is then skipped). */
    public static boolean replaced(String id, Object self, Object[] args) {
        try {
            Replacement replacement = REPLACEMENTS.get(id);
            return replacement != null && replacement.replace(self, args);
        } catch (Throwable t) {
            Diagnostics.hookError(id, t);
            return false;
        }
    }

    public static Object enter(String id, Object self, Object[] args) {
        try {
            Hook hook = HOOKS.get(id);
            if (hook == null) {
                return null;
            }
            Object state = hook.enter(self, args);
            return state == null ? NO_STATE : state;
        } catch (Throwable t) {
            Diagnostics.hookError(id, t);
            return null;
        }
    }

    /** Runs the hook's exit when its enter ran, even if enter returned no state. */
    public static void exit(String id, Object state, Object self, Object[] args, Object returned, Throwable thrown) {
        if (state == null) {
            return;
        }
        try {
            HOOKS.get(id).exit(state == NO_STATE ? null : state, self, args, returned, thrown);
        } catch (Throwable t) {
            Diagnostics.hookError(id, t);
        }
    }

    /** After a hooked constructor returned normally: the hook's exit, with the new object as {@code self}. */
    public static void constructed(String id, Object self, Object[] args) {
        try {
            Hook hook = HOOKS.get(id);
            if (hook != null) {
                hook.exit(null, self, args, null, null);
            }
        } catch (Throwable t) {
            Diagnostics.hookError(id, t);
        }
    }

    /**
     * Entry of a method annotated {@link dev.autolog.AutologRun} ({@code method} is its name and descriptor,
     * {@code name} the annotation's value, read from the class file when it was instrumented); returns what to hand
     * {@link #exitAnnotatedRun}, or null when there is nothing to end (a re-entered method).
     */
    public static Object enterAnnotatedRun(Class<?> type, String method, String name) {
        try {
            return AnnotatedRuns.start(type, method, name);
        } catch (Throwable t) {
            Diagnostics.hookError("@AutologRun", t);
            return null;
        }
    }

    public static void exitAnnotatedRun(Object started, Throwable thrown) {
        try {
            AnnotatedRuns.end(started, thrown);
        } catch (Throwable t) {
            Diagnostics.hookError("@AutologRun", t);
        }
    }
}
