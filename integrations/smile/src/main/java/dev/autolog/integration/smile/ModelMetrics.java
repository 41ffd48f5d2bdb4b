package dev.autolog.integration.smile;

import dev.autolog.run.Training;
import java.util.List;
import java.util.Map;

/**
 * What a trained Smile model knows about its own training: a random forest's out-of-bag metrics ({@code oob_*})
 * and each tree's ({@code tree_oob_*} at step = tree, 1 first, as Smile 4.x+ numbers its progress), the train /
 * validation / test metrics the 5.x+ facade keeps, and single figures some models expose (log-likelihood,
 * distortion, R²).
 */
final class ModelMetrics {
    private static final Map<String, String> FIGURES = Map.of(
            "loglikelihood", "log_likelihood",
            "AIC", "aic",
            "BIC", "bic",
            "distortion", "distortion",
            "RSquared", "r2",
            "adjustedRSquared", "adjusted_r2");
    private static final List<String> FACADE_METRICS = List.of("train", "validation", "test");

    private ModelMetrics() {
    }

    static void log(Training training, Object model, boolean perTreeStreamed) throws ReflectiveOperationException {
        if (isFacadeModel(model)) {
            for (String set : FACADE_METRICS) {
                log(training, Values.numbers(Values.property(model, set), set + "_"), 0);
            }
            Object inner = innerModel(model);
            if (inner != null) {
                log(training, inner, perTreeStreamed);
            }
            return;
        }
        if (model.getClass().getSimpleName().equals("RandomForest")) {
            log(training, Values.numbers(Values.property(model, "metrics"), "oob_"), 0);
            if (!perTreeStreamed) {
                logTrees(training, Values.property(model, "models"));
            }
        }
        for (Map.Entry<String, String> figure : FIGURES.entrySet()) {
            if (Values.property(model, figure.getKey()) instanceof Number n && Double.isFinite(n.doubleValue())) {
                training.metric(figure.getValue(), n.doubleValue(), 0);
            }
        }
    }

    static boolean isFacadeModel(Object model) {
        String name = model.getClass().getName();
        return name.equals("smile.model.ClassificationModel") || name.equals("smile.model.RegressionModel");
    }

    /** The classifier or regression model a facade model wraps. */
    static Object innerModel(Object facadeModel) throws ReflectiveOperationException {
        Object classifier = Values.property(facadeModel, "classifier");
        return classifier != null ? classifier : Values.property(facadeModel, "regression");
    }

    private static void logTrees(Training training, Object trees) throws ReflectiveOperationException {
        Object[] all = trees instanceof Object[] array ? array : trees instanceof List<?> list ? list.toArray() : null;
        if (all == null) {
            return;
        }
        for (int i = 0; i < all.length; i++) {
            log(training, Values.numbers(Values.property(all[i], "metrics"), "tree_oob_"), i + 1);
        }
    }

    private static void log(Training training, Map<String, Double> metrics, long step) {
        metrics.forEach((key, value) -> training.metric(key, value, step));
    }
}
