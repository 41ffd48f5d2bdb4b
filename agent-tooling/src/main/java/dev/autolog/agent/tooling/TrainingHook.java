package dev.autolog.agent.tooling;

import dev.autolog.hook.Hook;
import dev.autolog.logging.Diagnostics;
import dev.autolog.run.Training;

/**
 * A hook around a framework's training call: enter begins a {@link Training}, exit always ends it. Subclasses
 * say what to log when the outermost training starts and when it returns or throws. A failure while logging the
 * start is counted and does not stop the training from being tracked and ended.
 */
public abstract class TrainingHook implements Hook {
    private final String framework;
    private final String hookId;

    protected TrainingHook(String framework, String hookId) {
        this.framework = framework;
        this.hookId = hookId;
    }

    /** The framework version the class loader of {@code self} (or of an argument) holds. */
    protected abstract String version(Object self, Object[] args);

    /** Logs what is known when the outermost training starts (its params). */
    protected abstract void started(Training training, Object self, Object[] args) throws Exception;

    /** Logs the results of the outermost training; {@code thrown} is null when it returned. */
    protected abstract void finished(Training training, Object self, Object[] args, Object returned, Throwable thrown)
            throws Exception;

    /**
     * Called instead of {@link #started} for a call nested in a training already under way on this thread
     * ({@code outer}), e.g. the overload an outermost call delegates to. Nothing by default.
     */
    protected void nestedStarted(Training outer, Object self, Object[] args) throws Exception {
    }

    @Override
    public final Object enter(Object self, Object[] args) {
        Training outer = Training.current();
        Training training = Training.begin(framework, version(self, args));
        try {
            if (training.isActive()) {
                started(training, self, args);
            } else if (outer != null) {
                nestedStarted(outer, self, args);
            }
        } catch (Exception | LinkageError e) {
            Diagnostics.hookError(hookId, e);
        }
        return training;
    }

    @Override
    public final void exit(Object state, Object self, Object[] args, Object returned, Throwable thrown)
            throws Exception {
        Training training = (Training) state;
        try {
            if (training.isActive()) {
                finished(training, self, args, returned, thrown);
            }
        } finally {
            training.end(thrown);
        }
    }
}
