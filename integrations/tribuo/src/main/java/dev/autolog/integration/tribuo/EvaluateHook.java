package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.EvaluationHook;
import dev.autolog.dataset.DatasetSpec;
import java.util.List;
import java.util.Map;

/**
 * After {@code AbstractEvaluator.evaluate(model, predictions, dataProvenance)} (or its sequence twin's): the
 * evaluation's metrics go into the run of the model evaluated, or into the cross-validation's run as that fold's.
 */
final class EvaluateHook extends EvaluationHook {

    @Override
    protected Object model(Object[] args, Object evaluation) {
        return args[0];
    }

    /** The evaluated data, from the provenance the evaluator was given. */
    @Override
    protected List<DatasetSpec> datasets(Object[] args) {
        return args[2] == null ? List.of() : List.of(TribuoDatasets.evaluated(args[2]));
    }

    @Override
    protected Map<String, Double> metrics(Object evaluation) throws Exception {
        return EvaluationMetrics.of(evaluation);
    }
}
