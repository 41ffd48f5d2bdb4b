package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.run.Training;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A fitted SynapseML LightGBM model in its run: the per-iteration evaluations of its fit ({@link LightGbmFits}),
 * its best and stopped iteration when its fit asked for early stopping ({@link LightGbmEarlyStopping}),
 * its feature importances as LightGBM reports them ({@code getFeatureImportances("split" | "gain")}) in
 * {@code feature_importance_split.json} / {@code feature_importance_gain.json} keyed {@code f<index>}, and its
 * native model text ({@code getNativeModel()}, what LightGBM's {@code model.txt} holds).
 */
final class LightGbmModels {
    static final String NATIVE_MODEL = "lightgbm_model.txt";

    private LightGbmModels() {
    }

    static boolean is(Object model) {
        return model.getClass().getName().startsWith(LightGbmFits.PACKAGE)
                && Reflect.hasMethod(model, "getNativeModel", 0)
                && LightGbmVersions.supported(model.getClass().getClassLoader());
    }

    static void log(Training training, Object model) throws Exception {
        List<LightGbmFits.Point> history = LightGbmFits.historyOf(model);
        for (LightGbmFits.Point p : history) {
            training.metric(p.key(), p.value(), p.iteration());
        }
        if (LightGbmFits.earlyStopping(model)) {
            LightGbmEarlyStopping.log(training, model, history);
        }
        for (String type : new String[] {"split", "gain"}) {
            double[] importances = (double[]) Reflect.call(model, "getFeatureImportances", type);
            training.artifact("feature_importance_" + type + ".json", json(importances));
        }
    }

    static byte[] nativeModel(Object model) throws Exception {
        return ((String) Reflect.call(model, "getNativeModel")).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(double[] importances) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < importances.length; i++) {
            out.append(i == 0 ? "" : ", ").append("\"f").append(i).append("\": ")
                    .append(String.format(Locale.ROOT, "%s", importances[i]));
        }
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
