package dev.autolog.integration.dl4j;

import dev.autolog.agent.tooling.EvaluationSteps;
import dev.autolog.dataset.DatasetSpec;
import dev.autolog.run.ModelRuns;
import dev.autolog.run.Training;

/**
 * After a network's {@code doEvaluation}, where every {@code evaluate*} ends: the results go into the network's
 * run at step = how many evaluations of the network came before, and the network counts as done with. Evaluations
 * inside a training (an early-stopping score calculator) are the framework's own business.
 */
final class EvaluateHook extends AfterNetworkCall {
    private final EvaluationSteps steps = new EvaluationSteps();

    EvaluateHook(NetworkRuns runs) {
        super(runs);
    }

    @Override
    public void exit(Object state, Object network, Object[] args, Object returned, Throwable thrown)
            throws Exception {
        if (thrown != null || !(returned instanceof Object[] evaluations) || Training.underway()) {
            return;
        }
        Training training = ModelRuns.of(network);
        if (training == null) {
            return;
        }
        int step = steps.next(network);
        for (Object evaluation : evaluations) {
            Evaluations.metrics(evaluation).forEach((key, value) -> training.metric(key, value, step));
        }
        DatasetSpec data = training.logDatasets() && args.length > 0 ? Dl4jDatasets.of("eval", "eval", args[0]) : null;
        if (data != null) {
            training.datasets(java.util.List.of(data));
        }
        runs.done(network);
    }
}
