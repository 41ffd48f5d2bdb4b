package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.EvaluationHook;
import java.util.Map;

/**
 * After {@code AbstractEvaluator.evaluate(model, predictions, dataProvenance)}: the evaluation's metrics go into the
 * run of the model evaluated, or into the cross-validation's run as that fold's.
 */
final class EvaluateHook extends EvaluationHook {

    @Override
    protected Object model(Object[] args, Object evaluation) {
        return args[0];
    }

    @Override
    protected Map<String, Double> metrics(Object evaluation) throws Exception {
        return EvaluationMetrics.of(evaluation);
    }
}
