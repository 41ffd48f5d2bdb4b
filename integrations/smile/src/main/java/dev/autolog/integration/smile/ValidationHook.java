package dev.autolog.integration.smile;

import dev.autolog.agent.tooling.EvaluationHook;
import java.util.Map;

/**
 * After {@code ClassificationValidation.of} / {@code RegressionValidation.of} (train on one set, score on another):
 * the validation's metrics go into the run of the model it trained, or into the cross-validation's run as that
 * fold's.
 */
final class ValidationHook extends EvaluationHook {

    @Override
    protected Object model(Object[] args, Object validation) throws Exception {
        return Values.property(validation, "model");
    }

    @Override
    protected Map<String, Double> metrics(Object validation) throws Exception {
        return Values.numbers(Values.property(validation, "metrics"), "");
    }
}
