package dev.autolog;

import dev.autolog.attach.AgentAttacher;
import dev.autolog.attach.AutologSwitch;
import dev.autolog.run.ManualApi;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Manual control of tracking. With the agent attached these calls reach the agent's engine; without it they
 * work as a plain library writing to the configured store. Nothing here blocks on I/O except {@link #flush()},
 * and nothing here throws: a bad argument is said once on stderr and the call does nothing.
 */
public final class Autolog {
    /**
     * The rest of the API, loaded (not initialised) with this class: once {@link #autolog()} attached the agent, its
     * jar is on the system class path too, where a first use from a notebook's class loader would otherwise find
     * these classes, in another runtime package than this one.
     */
    private static final List<Class<?>> API = List.of(ApiCalls.class, ActiveRun.class, AutologRun.class);
    /** Set when the API first reached an engine: without the agent, one of its own, loaded from the class path. */
    static volatile boolean engineInUse;

    private Autolog() {
    }

    /**
     * Turns autologging on from code, for notebooks and shells (jshell, a Jupyter Java kernel, spark-shell) where
     * nobody sets {@code -javaagent}: with autolog-agent.jar on the class path, attaches it to this running JVM,
     * so every training from now on is tracked as with {@code -javaagent}. Calling it again, or with the agent
     * already attached, only turns autologging back on. Where the JVM cannot take an agent at run time, one line
     * says why and what to do instead, and the session runs on untracked.
     */
    public static void autolog() {
        autolog(Map.of());
    }

    /**
     * {@link #autolog()} with settings: the keys of the configuration table, with or without the {@code autolog.}
     * prefix ({@code Map.of("tracking.uri", "http://mlflow:5000", "experiment", "notebooks")}). They apply when
     * this call attaches the agent; once it runs they are ignored with one line.
     */
    public static void autolog(Map<String, String> settings) {
        boolean wasRunning = AgentAttacher.agentRunning();
        if (!wasRunning && engineInUse) {
            AutologSwitch.refuseBesideLibraryEngine();
        } else if (AutologSwitch.turnOn(Autolog.class, settings) && wasRunning) {
            enable();
        }
    }

    /** {@code autolog(true)} is {@link #autolog()}; {@code autolog(false)} is {@link #disable()}. */
    public static void autolog(boolean on) {
        if (on) {
            autolog();
        } else if (AgentAttacher.agentRunning()) {
            disable();
        }
    }

    /** Starts a run with a generated name; see {@link #startRun(String)}. */
    public static ActiveRun startRun() {
        return startRun(null);
    }

    /**
     * Starts a run that becomes the active run of this thread (and of threads it starts). Trainings inside log
     * into it instead of creating runs, and autologging never ends it. Starting a run while one is active
     * starts a child run (tag {@code mlflow.parentRunId}).
     */
    public static ActiveRun startRun(String name) {
        return new ActiveRun(ApiCalls.get("Autolog.startRun", () -> ManualApi.startRun(name), null));
    }

    /** Ends this thread's active run FINISHED; does nothing when there is none. */
    public static void endRun() {
        endRun(RunStatus.FINISHED);
    }

    public static void endRun(RunStatus status) {
        ApiCalls.run("Autolog.endRun", () -> ManualApi.endRun(null, status));
    }

    /** This thread's active user run. */
    public static Optional<ActiveRun> activeRun() {
        return Optional.ofNullable(ApiCalls.get("Autolog.activeRun", () -> ManualApi.activeRun(), null)).map(ActiveRun::new);
    }

    public static void logParam(String key, Object value) {
        ApiCalls.run("Autolog.logParam", () -> ManualApi.logParam(null, key, value));
    }

    public static void logMetric(String key, double value) {
        logMetric(key, value, 0);
    }

    public static void logMetric(String key, double value, long step) {
        ApiCalls.beforeDirectCall();
        try { // called in loops: no lambda, see ApiCalls
            ManualApi.logMetric(null, key, value, step);
        } catch (RuntimeException | LinkageError e) {
            ApiCalls.failed("Autolog.logMetric", e);
        }
    }

    public static void setTag(String key, String value) {
        ApiCalls.run("Autolog.setTag", () -> ManualApi.setTag(null, key, value));
    }

    /** Copies a file or directory into the active run's artifacts under its file name, in the background. */
    public static void logArtifact(Path file) {
        ApiCalls.run("Autolog.logArtifact", () -> ManualApi.logArtifact(null, file));
    }

    /** Blocks until everything logged so far is durable, at most {@code autolog.flush.timeout}; true if it was. */
    public static boolean flush() {
        return ApiCalls.get("Autolog.flush", () -> ManualApi.flush(), false);
    }

    /** Turns autologging of trainings back on (manual logging is never turned off by {@link #disable()}). */
    public static void enable() {
        ApiCalls.run("Autolog.enable", () -> ManualApi.setAutologgingEnabled(true));
    }

    /** Stops creating runs for trainings from now on; a training already under way finishes logging. */
    public static void disable() {
        ApiCalls.run("Autolog.disable", () -> ManualApi.setAutologgingEnabled(false));
    }

    public static boolean isEnabled() {
        return ApiCalls.get("Autolog.isEnabled", () -> ManualApi.autologgingEnabled(), false);
    }
}
