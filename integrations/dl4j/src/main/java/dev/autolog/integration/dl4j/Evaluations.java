package dev.autolog.integration.dl4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of an ND4J evaluation ({@code org.nd4j.evaluation.*}, or the {@code org.deeplearning4j.eval.*}
 * subclasses), named as MLflow's autologging names them; values that are not numbers (NaN) are left out.
 */
final class Evaluations {
    private static final Map<String, String[]> GETTERS = Map.of(
            "Evaluation", new String[] {"accuracy", "accuracy", "precision", "precision", "recall", "recall",
                "f1", "f1"},
            "EvaluationBinary", new String[] {"accuracy", "averageAccuracy", "precision", "averagePrecision",
                "recall", "averageRecall", "f1", "averageF1"},
            "RegressionEvaluation", new String[] {"mse", "averageMeanSquaredError", "rmse",
                "averagerootMeanSquaredError", "mae", "averageMeanAbsoluteError", "r2", "averageRSquared"},
            "ROC", new String[] {"auc", "calculateAUC", "auprc", "calculateAUCPR"},
            "ROCMultiClass", new String[] {"auc", "calculateAverageAUC", "auprc", "calculateAverageAUCPR"},
            "ROCBinary", new String[] {"auc", "calculateAverageAuc", "auprc", "calculateAverageAUCPR"});

    private Evaluations() {
    }

    static Map<String, Double> metrics(Object evaluation) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        String[] getters = getters(evaluation);
        for (int i = 0; getters != null && i < getters.length; i += 2) {
            if (Beans.get(evaluation, getters[i + 1]) instanceof Number n && !Double.isNaN(n.doubleValue())) {
                metrics.put(getters[i], n.doubleValue());
            }
        }
        return metrics;
    }

    private static String[] getters(Object evaluation) {
        for (Class<?> c = evaluation == null ? null : evaluation.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().startsWith("org.nd4j.evaluation.") && GETTERS.containsKey(c.getSimpleName())) {
                return GETTERS.get(c.getSimpleName());
            }
        }
        return null;
    }
}
