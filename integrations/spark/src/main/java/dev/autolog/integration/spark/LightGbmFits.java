package dev.autolog.integration.spark;

import dev.autolog.hook.Hook;
import dev.autolog.run.WeakIdentityMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every fit of a SynapseML LightGBM estimator, nested ones too (a pipeline's stage, a tuning fit's candidates and
 * refit), collects the per-iteration evaluations LightGBM reports inside its Spark task ({@link LightGbmIterations})
 * and keeps them with the model it returns, for the run that model ends up in ({@link LightGbmModels}). A task finds
 * its fit as the one LightGBM fit open in this JVM; while several are open at once (parallel tuning) their
 * iterations are not attributed. Executors in other JVMs report none.
 */
final class LightGbmFits implements Hook {
    static final String PACKAGE = "com.microsoft.azure.synapse.ml.lightgbm.";
    private static final Set<History> OPEN = ConcurrentHashMap.newKeySet();
    private static final WeakIdentityMap<History> BY_MODEL = new WeakIdentityMap<>();
    private final Hook fit;

    LightGbmFits(Hook fit) {
        this.fit = fit;
    }

    @Override
    public Object enter(Object self, Object[] args) throws Throwable {
        History history = self.getClass().getName().startsWith(PACKAGE)
                && LightGbmVersions.supported(self.getClass().getClassLoader())
                ? new History(LightGbmEarlyStopping.configured(self)) : null;
        if (history != null) {
            OPEN.add(history);
        }
        try {
            return new State(history, fit.enter(self, args));
        } catch (Throwable t) {
            close(history, null);
            throw t;
        }
    }

    @Override
    public void exit(Object state, Object self, Object[] args, Object returned, Throwable thrown) throws Throwable {
        State s = (State) state;
        close(s.history, thrown == null ? returned : null);
        fit.exit(s.inner, self, args, returned, thrown);
    }

    private static void close(History history, Object model) {
        if (history != null) {
            OPEN.remove(history);
            if (model != null) {
                BY_MODEL.put(model, history);
            }
        }
    }

    static boolean anyOpen() {
        return !OPEN.isEmpty();
    }

    /**
     * Adds a point of a batch's iteration to the one open LightGBM fit's history; none when no fit or several are
     * open.
     */
    static void report(String key, int batch, long iteration, double value) {
        Object[] open = OPEN.toArray();
        if (open.length == 1) {
            ((History) open[0]).add(key, batch, iteration, value);
        }
    }

    /** The iterations reported while {@code model} was being fitted, in order; empty when none. */
    static List<Point> historyOf(Object model) {
        History h = BY_MODEL.get(model);
        return h == null ? List.of() : h.points();
    }

    /** Whether {@code model}'s estimator asked for early stopping ({@link LightGbmEarlyStopping#configured}). */
    static boolean earlyStopping(Object model) {
        History h = BY_MODEL.get(model);
        return h != null && h.earlyStopping;
    }

    record Point(String key, long iteration, double value) {
    }

    /**
     * A fit's points at step = iteration counted across its batches, which SynapseML trains one after the other
     * ({@code numBatches}), each from the model of the one before, each numbering its iterations from 0.
     */
    private static final class History {
        private final boolean earlyStopping;
        private final List<Point> points = new ArrayList<>();
        private int batch;
        private long earlierBatchesIterations;
        private long batchIterations;

        History(boolean earlyStopping) {
            this.earlyStopping = earlyStopping;
        }

        synchronized void add(String key, int reportingBatch, long iteration, double value) {
            if (reportingBatch != batch) {
                batch = reportingBatch;
                earlierBatchesIterations += batchIterations;
                batchIterations = 0;
            }
            batchIterations = Math.max(batchIterations, iteration + 1);
            points.add(new Point(key, earlierBatchesIterations + iteration, value));
        }

        synchronized List<Point> points() {
            return List.copyOf(points);
        }
    }

    private record State(History history, Object inner) {
    }
}
