package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.logging.Diagnostics;
import dev.autolog.run.Training;
import java.util.List;

/**
 * A SynapseML LightGBM fit with early stopping, logged as XGBoost's are (at step 0, counted from 0 like the steps of
 * the per-iteration metrics): {@code best_iteration}, the iteration the model reports
 * ({@code getBoosterBestIteration()}: SynapseML keeps the trees up to it), and {@code stopped_iteration}, the last
 * iteration trained (the step of the fit's last per-iteration metrics: only when its training task ran in this JVM).
 * The model cannot tell the latter: it holds {@code best_iteration + 1} iterations. SynapseML reports a best
 * iteration only when it stopped early (-1 otherwise), and also with {@code earlyStoppingRound} 0, when it stops at
 * the first iteration that does not improve a validation metric: logged only when the user asked for it.
 */
final class LightGbmEarlyStopping {

    private LightGbmEarlyStopping() {
    }

    /**
     * Whether an estimator asked for early stopping: {@code earlyStoppingRound} > 0 with a
     * {@code validationIndicatorCol}, in one batch (with {@code numBatches} each batch stops on its own). An
     * estimator that cannot say is counted as an error and taken as without: the rest of its fit is still tracked.
     */
    static boolean configured(Object estimator) {
        try {
            return (Integer) Reflect.call(estimator, "getEarlyStoppingRound") > 0
                    && (Integer) Reflect.call(estimator, "getNumBatches") <= 1
                    && (Boolean) Reflect.call(estimator, "isDefined",
                            Reflect.call(estimator, "validationIndicatorCol"));
        } catch (Exception | LinkageError e) {
            Diagnostics.hookError(SparkIntegration.FIT_HOOK, e);
            return false;
        }
    }

    static void log(Training training, Object model, List<LightGbmFits.Point> history) throws Exception {
        int best = (Integer) Reflect.call(model, "getBoosterBestIteration");
        if (best >= 0) {
            training.metric("best_iteration", best, 0);
        }
        if (!history.isEmpty()) {
            training.metric("stopped_iteration", history.get(history.size() - 1).iteration(), 0);
        }
    }
}
