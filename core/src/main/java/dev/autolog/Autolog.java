package dev.autolog;

import dev.autolog.run.Run;
import dev.autolog.run.Training;
import dev.autolog.run.TrackingEngine;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Manual control of tracking. With the agent attached these calls reach the agent's engine; without it they
 * work as a plain library writing to the configured store. Nothing here blocks on I/O except {@link #flush()}.
 */
public final class Autolog {

    private Autolog() {
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
        return new ActiveRun(TrackingEngine.get().startUserRun(name));
    }

    /** Ends this thread's active run FINISHED; does nothing when there is none. */
    public static void endRun() {
        endRun(RunStatus.FINISHED);
    }

    public static void endRun(RunStatus status) {
        Run run = TrackingEngine.get().currentUserRun();
        if (run != null) {
            run.end(status);
        }
    }

    /** This thread's active user run. */
    public static Optional<ActiveRun> activeRun() {
        return Optional.ofNullable(TrackingEngine.get().currentUserRun()).map(ActiveRun::new);
    }

    public static void logParam(String key, Object value) {
        target().logParam(key, String.valueOf(value));
    }

    public static void logMetric(String key, double value) {
        logMetric(key, value, 0);
    }

    public static void logMetric(String key, double value, long step) {
        target().logMetric(key, value, step);
    }

    public static void setTag(String key, String value) {
        target().setTag(key, value);
    }

    /** Copies a file or directory into the active run's artifacts under its file name, in the background. */
    public static void logArtifact(Path file) {
        target().logArtifactFile(artifactName(file), file);
    }

    /** Blocks until everything logged so far is durable, at most {@code autolog.flush.timeout}; true if it was. */
    public static boolean flush() {
        TrackingEngine engine = TrackingEngine.get();
        return engine.flush(engine.config().flushTimeout());
    }

    /** Turns autologging of trainings back on (manual logging is never turned off by {@link #disable()}). */
    public static void enable() {
        TrackingEngine.get().setAutologgingEnabled(true);
    }

    /** Stops creating runs for trainings from now on; a training already under way finishes logging. */
    public static void disable() {
        TrackingEngine.get().setAutologgingEnabled(false);
    }

    public static boolean isEnabled() {
        return TrackingEngine.get().autologgingEnabled();
    }

    /** The user's active run, else the run of the training under way on this thread, else a new user run. */
    private static Run target() {
        TrackingEngine engine = TrackingEngine.get();
        Run run = engine.currentUserRun();
        if (run == null) {
            Training training = Training.current();
            run = training != null ? training.run() : null;
        }
        return run != null ? run : engine.startUserRun(null);
    }

    static String artifactName(Path file) {
        Path name = file.toAbsolutePath().normalize().getFileName();
        return name == null ? "artifact" : name.toString();
    }
}
