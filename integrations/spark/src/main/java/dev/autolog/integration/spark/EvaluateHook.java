package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.EvaluationHook;
import dev.autolog.agent.tooling.Reflect;
import dev.autolog.dataset.DatasetSpec;
import java.util.List;
import java.util.Map;

/**
 * After {@code Evaluator.evaluate(dataset)} of a tracked model's {@code transform} output: the value, under the
 * evaluator's metric name ({@code areaUnderROC}, {@code rmse}, ...), goes into that model's run. Evaluations inside
 * a fit (a tuning fit scoring its candidates) are not logged.
 */
final class EvaluateHook extends EvaluationHook {

    @Override
    protected Object model(Object[] args, Object evaluation) {
        return TransformHook.modelOf(args[0]);
    }

    @Override
    protected Map<String, Double> metrics(Object evaluation) {
        throw new UnsupportedOperationException("a Spark evaluation is a bare number; its evaluator names it");
    }

    @Override
    protected Map<String, Double> metrics(Object evaluator, Object evaluation) throws Exception {
        return Map.of(metricName(evaluator), ((Number) evaluation).doubleValue());
    }

    /** The DataFrame the evaluated predictions were made from, context {@code eval}. */
    @Override
    protected List<DatasetSpec> datasets(Object[] args) {
        Object input = TransformHook.inputOf(args[0]);
        return input == null ? List.of() : List.of(SparkDatasets.of("eval", "eval", input));
    }

    static String metricName(Object evaluator) {
        try {
            return String.valueOf(Reflect.call(evaluator, "getMetricName"));
        } catch (Exception e) {
            return evaluator.getClass().getSimpleName();
        }
    }
}
