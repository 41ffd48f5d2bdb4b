package dev.autolog.hook;

import dev.autolog.RunStatus;
import dev.autolog.run.Run;
import dev.autolog.run.TrackingEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs around methods annotated {@code @AutologRun}: the outermost execution of such a method on a thread is one
 * user run; the same method re-entered on that thread (recursion, or through other methods) joins it, and so does a
 * method that only stands in for it under the same run name: an overload (a Groovy default argument, an overload
 * chain) or a method of the same name and descriptor in another class (a Kotlin {@code @JvmStatic} or Scala object
 * forwarder, an override calling {@code super}).
 */
final class AnnotatedRuns {
    private static final ThreadLocal<List<Started>> OPEN = ThreadLocal.withInitial(ArrayList::new);

    private AnnotatedRuns() {
    }

    /**
     * {@code method} is the name followed by the descriptor, e.g. {@code train(I)V}; {@code name} the annotation's
     * value as the class file holds it, empty for a generated name.
     */
    static Started start(Class<?> type, String method, String name) {
        List<Started> open = OPEN.get();
        for (int i = open.size() - 1; i >= 0; i--) {
            if (open.get(i).joinedBy(type, method, name)) {
                return null;
            }
        }
        TrackingEngine engine = TrackingEngine.get();
        if (!engine.config().enabled()) {
            return null;
        }
        Started started = new Started(type, method, name, engine.startUserRun(name));
        open.add(started);
        return started;
    }

    static void end(Object started, Throwable thrown) {
        if (started instanceof Started s) {
            OPEN.get().removeIf(o -> o == s);
            s.run.end(thrown == null ? RunStatus.FINISHED : RunStatus.FAILED);
        }
    }

    record Started(Class<?> type, String method, String name, Run run) {
        /** The same run name and method name, and the same class (the method itself or an overload) or descriptor. */
        boolean joinedBy(Class<?> t, String m, String n) {
            return name.equals(n) && method.regionMatches(0, m, 0, m.indexOf('(') + 1)
                    && (type == t || method.equals(m));
        }
    }
}
