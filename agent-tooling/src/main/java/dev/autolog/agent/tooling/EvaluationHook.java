package dev.autolog.agent.tooling;

import dev.autolog.hook.Hook;
import dev.autolog.run.ModelRuns;
import dev.autolog.run.Training;
import dev.autolog.dataset.DatasetSpec;
import java.util.List;
import java.util.Map;

/**
 * A hook after a framework's evaluation of a model; subclasses say which model was evaluated and what it scored.
 * Where the metrics go: after training, into the run of the model evaluated, at step = how many evaluations of that
 * model came before (0 first), so repeated evaluations form a series, even long after the training returned; inside
 * a tracked cross-validation, into its run at step = fold; inside any other training, nowhere: an evaluation there
 * is the framework's own business.
 */
public abstract class EvaluationHook implements Hook {
    private final EvaluationSteps steps = new EvaluationSteps();

    /** The model the evaluation (its arguments and result) was of. */
    protected abstract Object model(Object[] args, Object evaluation) throws Exception;

    /** The evaluation's metrics; read only when they will be logged. */
    protected abstract Map<String, Double> metrics(Object evaluation) throws Exception;

    /** The evaluation's metrics, for evaluators whose result alone does not name them (a bare number). */
    protected Map<String, Double> metrics(Object evaluator, Object evaluation) throws Exception {
        return metrics(evaluation);
    }

    /** The datasets the evaluation read, logged into the model's run ({@code autolog.log.datasets}); none by default. */
    protected List<DatasetSpec> datasets(Object[] args) throws Exception {
        return List.of();
    }

    @Override
    public final Object enter(Object self, Object[] args) {
        return null;
    }

    @Override
    public final void exit(Object state, Object self, Object[] args, Object returned, Throwable thrown)
            throws Exception {
        if (thrown != null || returned == null) {
            return;
        }
        if (Training.underway()) {
            int fold = Folds.next();
            Training training = Training.current();
            if (fold >= 0 && training != null) {
                metrics(self, returned).forEach((key, value) -> training.metric(key, value, fold));
            }
            return;
        }
        Object model = model(args, returned);
        Training training = model == null ? null : ModelRuns.of(model);
        if (training != null) {
            int step = steps.next(model);
            metrics(self, returned).forEach((key, value) -> training.metric(key, value, step));
            if (training.logDatasets()) {
                training.datasets(datasets(args));
            }
        }
    }
}
