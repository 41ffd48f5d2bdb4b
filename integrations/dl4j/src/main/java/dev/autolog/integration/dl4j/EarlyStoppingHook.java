package dev.autolog.integration.dl4j;

import dev.autolog.agent.tooling.TrainingHook;
import dev.autolog.run.ModelRuns;
import dev.autolog.run.Training;
import java.util.Map;

/**
 * Around {@code BaseEarlyStoppingTrainer.fit()}: one run for the whole early stopping. The trainer fits its network
 * one minibatch at a time ({@link FitHook} sees those as nested and attaches the network here, which makes its
 * score live); at the end, the result: best epoch and score, the score of every epoch, why it stopped, and the best
 * model, which later evaluations of it log into this run.
 */
final class EarlyStoppingHook extends TrainingHook {
    private static final ThreadLocal<Training> UNDERWAY = new ThreadLocal<>();

    EarlyStoppingHook() {
        super(Dl4jIntegration.FRAMEWORK, Dl4jIntegration.EARLY_STOPPING_HOOK);
    }

    /** Called for every nested {@code fit}: the first one of an early stopping makes its network's score live. */
    static void attach(Object network) throws Exception {
        Training training = UNDERWAY.get();
        if (training == null || LiveScores.of(network) != null) {
            return;
        }
        LiveScores.set(new ScoreSeries(training, network));
        NetworkConfig.log(training, network);
        ModelRuns.remember(network, training);
    }

    @Override
    protected String version(Object trainer, Object[] args) {
        return Dl4jVersions.version(trainer.getClass().getClassLoader());
    }

    @Override
    protected void started(Training training, Object trainer, Object[] args) {
        UNDERWAY.set(training);
    }

    @Override
    protected void finished(Training training, Object trainer, Object[] args, Object result, Throwable thrown) {
        try {
            ScoreSeries scores = LiveScores.current();
            if (scores != null) {
                scores.flushEpoch();
            }
            if (result != null) {
                logResult(training, result);
            }
        } finally {
            UNDERWAY.remove();
            LiveScores.clear();
        }
    }

    private static void logResult(Training training, Object result) {
        training.param("early_stopping.termination_reason", Beans.get(result, "getTerminationReason"));
        training.param("early_stopping.termination_details", Beans.get(result, "getTerminationDetails"));
        training.metric("best_epoch", ((Number) Beans.get(result, "getBestModelEpoch")).doubleValue(), 0);
        training.metric("best_score", ((Number) Beans.get(result, "getBestModelScore")).doubleValue(), 0);
        training.metric("total_epochs", ((Number) Beans.get(result, "getTotalEpochs")).doubleValue(), 0);
        if (Beans.get(result, "getScoreVsEpoch") instanceof Map<?, ?> scores) {
            scores.forEach((epoch, score) -> training.metric("early_stopping_score", ((Number) score).doubleValue(),
                    ((Number) epoch).longValue()));
        }
        Object best = Beans.get(result, "getBestModel");
        if (best != null) {
            ModelRuns.remember(best, training);
            if (training.logModels()) {
                training.model(ModelZip.spec(best, () -> ModelZip.of(best), null));
            }
        }
    }
}
