package dev.autolog.integration.tribuo;

import dev.autolog.hook.Hook;
import dev.autolog.run.ModelRuns;
import dev.autolog.run.Training;
import dev.autolog.run.WeakIdentityMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * After {@code AbstractEvaluator.evaluate(model, predictions, dataProvenance)}: logs the evaluation into the run
 * of the model evaluated, at step = the how-many-th evaluation of that model it is (0 first), even long after
 * {@code train} returned. Inside a cross-validation the folds' evaluations go into its run at step = fold; inside
 * any other training an evaluation is the framework's own business and is not logged.
 */
final class EvaluateHook implements Hook {
    private final WeakIdentityMap<AtomicInteger> evaluations = new WeakIdentityMap<>();

    @Override
    public Object enter(Object self, Object[] args) {
        return null;
    }

    @Override
    public void exit(Object state, Object self, Object[] args, Object returned, Throwable thrown) throws Exception {
        if (thrown != null || returned == null) {
            return;
        }
        if (Training.underway()) {
            int fold = CrossValidationHook.nextFold();
            Training training = Training.current();
            if (fold >= 0 && training != null) {
                EvaluationMetrics.of(returned).forEach((key, value) -> training.metric(key, value, fold));
            }
            return;
        }
        Training training = ModelRuns.of(args[0]);
        if (training == null) {
            return;
        }
        int step = counter(args[0]).getAndIncrement();
        EvaluationMetrics.of(returned).forEach((key, value) -> training.metric(key, value, step));
    }

    private AtomicInteger counter(Object model) {
        synchronized (evaluations) {
            AtomicInteger counter = evaluations.get(model);
            if (counter == null) {
                counter = new AtomicInteger();
                evaluations.put(model, counter);
            }
            return counter;
        }
    }
}
