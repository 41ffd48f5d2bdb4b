package dev.autolog.integration.xgboost;

import dev.autolog.agent.tooling.TrainingHook;
import dev.autolog.run.Training;
import java.util.Map;

/**
 * Around {@code XGBoost.trainAndSaveCheckpoint(dtrain, params, numRounds, watches, metrics, obj, eval,
 * earlyStoppingRounds, booster, checkpointInterval, checkpointPath, fs)}: opens the training, logs the params,
 * and at the end the early-stopping results and the model.
 */
final class TrainHook extends TrainingHook {
    private static final ThreadLocal<Rounds> ROUNDS = new ThreadLocal<>();

    TrainHook() {
        super("xgboost", XGBoostIntegration.TRAIN_HOOK);
    }

    @Override
    protected String version(Object self, Object[] args) {
        return XGBoostVersions.version(args[0] == null ? null : args[0].getClass().getClassLoader());
    }

    @Override
    protected void started(Training training, Object self, Object[] args) {
        int earlyStopping = (Integer) args[7];
        ROUNDS.set(new Rounds(earlyStopping > 0));
        if (args[1] instanceof Map<?, ?> params) {
            params.forEach((k, v) -> training.param(String.valueOf(k), v));
        }
        training.param("num_boost_round", args[2]);
        if (earlyStopping > 0) {
            training.param("early_stopping_rounds", earlyStopping);
        }
    }

    @Override
    protected void finished(Training training, Object self, Object[] args, Object returned, Throwable thrown)
            throws Exception {
        Rounds rounds = ROUNDS.get();
        ROUNDS.remove();
        if (training.logDatasets() && args[0] != null) {
            training.datasets(XGBoostDatasets.of(args[0], args[3] instanceof Map<?, ?> watches ? watches : Map.of(),
                    thrown == null ? returned : null));
        }
        if (thrown == null && returned != null && rounds != null) {
            BoosterResults.log(training, returned, rounds, version(self, args));
        }
    }

    /** The per-round state of the training under way on this thread, or null. */
    static Rounds rounds() {
        return ROUNDS.get();
    }

    /** Counts evaluated rounds: a custom {@code IEvaluation} does not pass the round number. */
    static final class Rounds {
        final boolean earlyStopping;
        int evaluated;
        int lastIteration = -1;

        Rounds(boolean earlyStopping) {
            this.earlyStopping = earlyStopping;
        }

        int next(int iteration) {
            evaluated++;
            lastIteration = iteration;
            return iteration;
        }
    }
}
