package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.Reflect;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Names a Tribuo {@code Evaluation}'s metrics as MLflow users expect: {@code accuracy}, {@code f1_macro},
 * {@code precision_<label>} (a label as {@link OutputNames} names it); for regression the averages over output dimensions are plain {@code rmse},
 * {@code mae}, {@code r2} and each dimension is {@code rmse_<dimension>}; a clustering's scores are plain
 * {@code adjusted_mi}, {@code normalized_mi}, as its getters name them (Tribuo files them under a micro average a
 * clustering does not have). Raw confusion counts (TP, FP, TN, FN) are left out: they are not scores.
 */
final class EvaluationMetrics {
    private static final Set<String> COUNTS = Set.of("tp", "fp", "tn", "fn");
    private static final Set<String> REGRESSION_PLAIN = Set.of("macro");
    private static final Set<String> CLUSTERING_PLAIN = Set.of("macro", "micro");

    private EvaluationMetrics() {
    }

    static Map<String, Double> of(Object evaluation) throws Exception {
        Map<String, Double> metrics = new LinkedHashMap<>();
        Set<String> plainAverages = Reflect.hasMethod(evaluation, "adjustedMI", 0) ? CLUSTERING_PLAIN
                : Reflect.hasMethod(evaluation, "averageRMSE", 0) ? REGRESSION_PLAIN : Set.of();
        if (Reflect.hasMethod(evaluation, "accuracy", 0)) {
            metrics.put("accuracy", (Double) Reflect.call(evaluation, "accuracy"));
        }
        Map<?, ?> all = (Map<?, ?>) Reflect.call(evaluation, "asMap");
        for (Map.Entry<?, ?> e : all.entrySet()) {
            String metric = String.valueOf(Reflect.call(e.getKey(), "getB")).toLowerCase(java.util.Locale.ROOT);
            if (COUNTS.contains(metric) || !(e.getValue() instanceof Double value)) {
                continue;
            }
            metrics.put(name(metric, Reflect.call(e.getKey(), "getA"), plainAverages), value);
        }
        return metrics;
    }

    /** {@code plainAverages}: the averages this kind of evaluation names without a suffix. */
    private static String name(String metric, Object target, Set<String> plainAverages) throws Exception {
        Optional<?> average = (Optional<?>) Reflect.call(target, "getAverageTarget");
        if (average.isPresent()) {
            String kind = String.valueOf(average.get()).toLowerCase(java.util.Locale.ROOT);
            return plainAverages.contains(kind) ? metric : metric + "_" + kind;
        }
        Optional<?> output = (Optional<?>) Reflect.call(target, "getOutputTarget");
        return output.isPresent() ? metric + "_" + OutputNames.of(output.get()) : metric;
    }
}
