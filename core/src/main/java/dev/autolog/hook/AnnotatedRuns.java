package dev.autolog.hook;

import dev.autolog.RunStatus;
import dev.autolog.run.Run;
import dev.autolog.run.TrackingEngine;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs around methods annotated {@code @AutologRun}: the outermost execution of such a method on a thread is one
 * user run; the same method re-entered on that thread (recursion, or through other methods) joins it.
 */
final class AnnotatedRuns {
    private static final String ANNOTATION = "dev.autolog.AutologRun";
    private static final Map<String, String> NAMES = new ConcurrentHashMap<>();
    private static final ThreadLocal<List<Started>> OPEN = ThreadLocal.withInitial(ArrayList::new);

    private AnnotatedRuns() {
    }

    /** {@code method} is the name followed by the descriptor, e.g. {@code train(I)V}. */
    static Started start(Class<?> type, String method) {
        List<Started> open = OPEN.get();
        for (int i = open.size() - 1; i >= 0; i--) {
            if (open.get(i).is(type, method)) {
                return null;
            }
        }
        TrackingEngine engine = TrackingEngine.get();
        if (!engine.config().enabled()) {
            return null;
        }
        String name = NAMES.computeIfAbsent(type.getName() + '#' + method, k -> annotationValue(type, method));
        Started started = new Started(type, method, engine.startUserRun(name));
        open.add(started);
        return started;
    }

    static void end(Object started, Throwable thrown) {
        if (started instanceof Started s) {
            OPEN.get().removeIf(o -> o == s);
            s.run.end(thrown == null ? RunStatus.FINISHED : RunStatus.FAILED);
        }
    }

    /** Read by name, so the application's own copy of the annotation is found whichever loader holds it. */
    private static String annotationValue(Class<?> type, String method) {
        for (Method m : type.getDeclaredMethods()) {
            if (method.equals(m.getName() + MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                    .toMethodDescriptorString())) {
                for (Annotation a : m.getDeclaredAnnotations()) {
                    if (a.annotationType().getName().equals(ANNOTATION)) {
                        return value(a);
                    }
                }
            }
        }
        return "";
    }

    private static String value(Annotation a) {
        try {
            Object v = a.annotationType().getMethod("value").invoke(a);
            return v instanceof String s ? s : "";
        } catch (ReflectiveOperationException e) {
            return "";
        }
    }

    record Started(Class<?> type, String method, Run run) {
        boolean is(Class<?> t, String m) {
            return type == t && method.equals(m);
        }
    }
}
