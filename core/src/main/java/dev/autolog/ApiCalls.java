package dev.autolog;

import dev.autolog.logging.Diagnostics;
import dev.autolog.run.ManualApi;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The API's side of its one contract with the engine ({@link ManualApi}). With the agent attached the engine is
 * the agent's and may be older than this API: a call it lacks, or any failure in it, is said once on stderr and
 * the call does nothing; nothing reaches the application. Callers pass lambdas, never method references, so that a
 * missing engine method fails inside {@code body} (a method reference would fail where it is created). The
 * {@code logMetric} calls, made in loops, call the engine directly inside a {@code try} of their own instead: a
 * lambda's first call bootstraps it, ~5 ms of the application's first point in a fresh JVM.
 */
final class ApiCalls {
    private static final String UNKNOWN = "unknown";
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    static {
        Autolog.engineInUse = true;
        String api = apiVersion();
        String engine = engineVersion();
        if (!api.equals(engine) && !api.equals(UNKNOWN) && !engine.equals(UNKNOWN)) {
            Diagnostics.warn("this application's autolog-core is " + api + " and the agent's engine is "
                    + engine + "; API calls the engine lacks are ignored, one line each, but RunStatus is the"
                    + " engine's: a RunStatus constant or method it lacks fails in the application"
                    + " (NoSuchFieldError, NoSuchMethodError), so use an agent at least as new as autolog-core");
        }
    }

    private ApiCalls() {
    }

    /**
     * Called before an API method reaches {@link ManualApi} without {@link #run} or {@link #get}: initialises this
     * class first, so that the engine's first use, whichever call it is, marks {@link Autolog#engineInUse} (a later
     * {@code autolog()} must refuse rather than mix the agent's engine classes with the class path's) and says any
     * version skew. Empty, so free once the class is initialised.
     */
    static void beforeDirectCall() {
    }

    static void run(String call, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException | LinkageError e) {
            failed(call, e);
        }
    }

    static <T> T get(String call, Supplier<T> body, T fallback) {
        try {
            return body.get();
        } catch (RuntimeException | LinkageError e) {
            failed(call, e);
            return fallback;
        }
    }

    static void failed(String call, Throwable e) {
        if (!SAID.add(call)) {
            return;
        }
        if (e instanceof LinkageError) {
            Diagnostics.warn(call + " is not in the running autolog engine " + engineVersion()
                    + " (this autolog-core is " + apiVersion() + "); the call is ignored: " + e);
        } else {
            Diagnostics.warn("internal error in " + call + " (" + e + "); the call is ignored");
        }
    }

    /** The version of the jar this API was loaded from, or "unknown" (classes not from a released jar). */
    static String apiVersion() {
        String v = ApiCalls.class.getPackage().getImplementationVersion();
        return v == null ? UNKNOWN : v;
    }

    static String engineVersion() {
        try {
            String v = ManualApi.version();
            return v == null ? UNKNOWN : v;
        } catch (LinkageError e) {
            return "older than " + apiVersion();
        }
    }
}
