package dev.autolog.integration.smile;

import dev.autolog.agent.tooling.EvaluationHook;
import dev.autolog.dataset.DatasetSpec;
import java.util.List;
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

    /** The last data argument (the test set of {@code of(..., train, test, ...)}), context {@code validation}. */
    @Override
    protected List<DatasetSpec> datasets(Object[] args) throws Exception {
        Object test = null;
        for (Object arg : args) {
            if (arg != null && (arg instanceof Object[] a && a.getClass().getComponentType().isArray()
                    || Dataset.isDataFrame(arg.getClass()))) {
                test = arg;
            }
        }
        DatasetSpec spec = test == null ? null : SmileDatasets.of("validation", "validation", test, null);
        return spec == null ? List.of() : List.of(spec);
    }

    @Override
    protected Map<String, Double> metrics(Object validation) throws Exception {
        return Values.numbers(Values.property(validation, "metrics"), "");
    }
}
