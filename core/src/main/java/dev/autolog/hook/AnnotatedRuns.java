package dev.autolog.hook;

import dev.autolog.AutologRun;
import dev.autolog.RunStatus;
import dev.autolog.run.Run;
import dev.autolog.run.TrackingEngine;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Runs around methods annotated {@link AutologRun}: the method's execution is one user run. */
final class AnnotatedRuns {
    private static final Map<String, String> NAMES = new ConcurrentHashMap<>();

    private AnnotatedRuns() {
    }

    static Run start(Class<?> type, String methodName, String descriptor) {
        TrackingEngine engine = TrackingEngine.get();
        if (!engine.config().enabled()) {
            return null;
        }
        String key = type.getName() + '#' + methodName + descriptor;
        String name = NAMES.computeIfAbsent(key, k -> annotationValue(type, methodName, descriptor));
        return engine.startUserRun(name);
    }

    static void end(Object run, Throwable thrown) {
        if (run instanceof Run r) {
            r.end(thrown == null ? RunStatus.FINISHED : RunStatus.FAILED);
        }
    }

    private static String annotationValue(Class<?> type, String methodName, String descriptor) {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(methodName) && descriptor.equals(MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                    .toMethodDescriptorString())) {
                AutologRun a = m.getAnnotation(AutologRun.class);
                return a == null ? "" : a.value();
            }
        }
        return "";
    }
}
