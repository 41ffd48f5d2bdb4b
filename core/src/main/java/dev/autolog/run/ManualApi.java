package dev.autolog.run;

import dev.autolog.RunStatus;
import dev.autolog.logging.Diagnostics;
import dev.autolog.logging.TerminalText;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything the public API ({@code dev.autolog.Autolog}, {@code ActiveRun}) calls in the engine: with the agent
 * attached, the API is the application's own copy and this class the agent's, so its methods only ever grow.
 * Each call checks its arguments; a bad one is said once per call and problem, and the call does nothing.
 * {@code run} null means the thread's target: the user's active run, else the training under way, else the
 * thread's {@linkplain TrackingEngine#looseRun() loose run}.
 */
public final class ManualApi {
    private static final String ACCEPTED_KEYS = "keys are non-empty names";
    /** Said by the agent when it defined the engine in the bootstrap loader, where no jar's manifest tells it. */
    private static volatile String definedVersion;

    private ManualApi() {
    }

    /** The engine's version (the agent's, when attached), or null when unknown. */
    public static String version() {
        Package p = ManualApi.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v != null ? v : definedVersion;
    }

    public static void definedVersion(String version) {
        definedVersion = version;
    }

    public static Run startRun(String name) {
        return TrackingEngine.get().startUserRun(name);
    }

    /** This thread's active user run, or null. */
    public static Run activeRun() {
        return TrackingEngine.get().currentUserRun();
    }

    /** Ends {@code run} (null: this thread's active user run, if any). */
    public static void endRun(Run run, RunStatus status) {
        Run r = run != null ? run : activeRun();
        if (r != null) {
            r.end(status != null ? status : RunStatus.FINISHED);
        }
    }

    public static void logParam(Run run, String key, Object value) {
        if (hasKey("logParam", key) && hasValue("logParam", key, value)) {
            target(run).logParam(key, ParamText.of(value));
        }
    }

    public static void logMetric(Run run, String key, double value, long step) {
        if (hasKey("logMetric", key)) {
            target(run).logMetric(key, value, step);
        }
    }

    public static void setTag(Run run, String key, String value) {
        if (hasKey("setTag", key) && hasValue("setTag", key, value)) {
            target(run).setTag(key, value);
        }
    }

    /** Copies a file or directory into the run's artifacts under its file name, in the background. */
    public static void logArtifact(Run run, Path file) {
        if (file == null) {
            ignored("logArtifact", "null path", "logArtifact(null): no file given");
        } else if (!Files.exists(file)) {
            ignored("logArtifact", "missing", "logArtifact(" + TerminalText.shortened(file.toString())
                    + "): no such file or directory");
        } else {
            target(run).logArtifactFile(artifactName(file), file);
        }
    }

    public static boolean flush() {
        TrackingEngine engine = TrackingEngine.get();
        return engine.flush(engine.config().flushTimeout());
    }

    public static void setAutologgingEnabled(boolean on) {
        TrackingEngine.get().setAutologgingEnabled(on);
    }

    public static boolean autologgingEnabled() {
        return TrackingEngine.get().autologgingEnabled();
    }

    private static Run target(Run run) {
        if (run != null) {
            return run;
        }
        TrackingEngine engine = TrackingEngine.get();
        Run user = engine.currentUserRun();
        if (user != null) {
            return user;
        }
        Training training = Training.current();
        return training != null ? training.run() : engine.looseRun();
    }

    private static boolean hasKey(String call, String key) {
        if (key == null || key.isEmpty()) {
            String given = key == null ? "null" : "\"" + TerminalText.shortened(key) + "\"";
            ignored(call, "no key", call + "(" + given + ", …): " + ACCEPTED_KEYS);
            return false;
        }
        return true;
    }

    private static boolean hasValue(String call, String key, Object value) {
        if (value == null) {
            ignored(call, "null value",
                    call + "(\"" + TerminalText.shortened(key) + "\", null): a value is needed");
            return false;
        }
        return true;
    }

    private static void ignored(String call, String problem, String message) {
        Diagnostics.warnOnce("api:" + call + ":" + problem, message + "; the call is ignored (said once)");
    }

    static String artifactName(Path file) {
        Path name = file.toAbsolutePath().normalize().getFileName();
        return name == null ? "artifact" : name.toString();
    }
}
