package dev.autolog.integration.smile;

import dev.autolog.agent.tooling.Folds;
import dev.autolog.run.Training;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Around Smile's cross-validation and bootstrap entry points: one run for all folds, holding the algorithm's
 * params (from the folds' {@code fit} calls), {@code cv.k} and the like, each fold's metrics at step = fold and
 * {@code <metric>_mean} / {@code <metric>_std} as Smile computed them ({@code avg}, and {@code std} or, up to
 * 3.x, {@code sd}). The folds open no runs of their own.
 */
final class CrossValidationHook extends SmileTrainingHook {

    CrossValidationHook() {
        super(SmileIntegration.CROSS_VALIDATION_HOOK);
    }

    @Override
    protected void started(Training training, Object self, Object[] args) throws Exception {
        Folds.start();
        TrainingState.start(null, false);
        FitParams.log(training, (Method) self, args, "cv.", true);
    }

    @Override
    protected void finished(Training training, Object self, Object[] args, Object returned, Throwable thrown)
            throws Exception {
        Folds.stop();
        TrainingState.stop();
        if (thrown != null || returned == null) {
            return;
        }
        if (Values.property(returned, "rounds") instanceof List<?> rounds) {
            training.param("cv.num_folds", rounds.size());
        }
        Values.numbers(Values.property(returned, "avg"), "").forEach((k, v) -> training.metric(k + "_mean", v, 0));
        Object std = Values.property(returned, "std");
        Object deviations = std != null ? std : Values.property(returned, "sd");
        Values.numbers(deviations, "").forEach((k, v) -> training.metric(k + "_std", v, 0));
    }
}
