package dev.autolog.integration.spark;

import dev.autolog.hook.Hook;
import dev.autolog.run.TrackingEngine;
import dev.autolog.run.Training;

/**
 * Runs the fit hook except on worker threads of a fit already under way, and except for estimators in the packages
 * of {@code autolog.spark.ignore.packages} (nothing they fit inside is tracked either). A tuning fit with
 * {@code parallelism > 1} fits its candidates on a thread pool it creates for that call, so the pool's threads
 * inherit the open fit here; their fits are untracked instead of becoming runs of their own.
 */
final class DriverFits implements Hook {
    private static final InheritableThreadLocal<OpenFit> OPEN = new InheritableThreadLocal<>();
    private final Hook fit;

    DriverFits(Hook fit) {
        this.fit = fit;
    }

    @Override
    public Object enter(Object self, Object[] args) throws Throwable {
        OpenFit inherited = OPEN.get();
        if (!Training.underway() && (inherited != null && inherited.open || ignored(self.getClass().getName()))) {
            return new State(Training.untracked(), null, null, true);
        }
        Object state = fit.enter(self, args);
        if (state instanceof Training training && training.isActive()) {
            OpenFit mine = new OpenFit();
            OPEN.set(mine);
            return new State(state, mine, inherited, false);
        }
        return new State(state, null, null, false);
    }

    @Override
    public void exit(Object state, Object self, Object[] args, Object returned, Throwable thrown) throws Throwable {
        State s = (State) state;
        if (s.untracked) {
            ((Training) s.inner).end(thrown);
            return;
        }
        try {
            fit.exit(s.inner, self, args, returned, thrown);
        } finally {
            if (s.mine != null) {
                s.mine.open = false;
                OPEN.set(s.previous);
            }
        }
    }

    private static boolean ignored(String className) {
        for (String p : TrackingEngine.get().config().sparkIgnorePackages()) {
            if (className.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }

    private static final class OpenFit {
        volatile boolean open = true;
    }

    private record State(Object inner, OpenFit mine, OpenFit previous, boolean untracked) {
    }
}
