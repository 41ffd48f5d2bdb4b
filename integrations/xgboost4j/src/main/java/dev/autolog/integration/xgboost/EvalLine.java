package dev.autolog.integration.xgboost;

import java.util.function.ObjDoubleConsumer;

/** Parses XGBoost's evaluation line {@code [3]\ttrain-logloss:0.33\tval-auc:0.9}. */
final class EvalLine {

    private EvalLine() {
    }

    static void forEach(String line, ObjDoubleConsumer<String> metric) {
        String[] pairs = line.split("\t");
        for (int i = 1; i < pairs.length; i++) {
            int colon = pairs[i].lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = pairs[i].substring(0, colon).replace("@", "_at_");
            metric.accept(key, EvalSetHook.exact(parse(pairs[i].substring(colon + 1))));
        }
    }

    /** As Booster.evalSet parses it, including XGBoost's "nan" and "-nan". */
    private static float parse(String value) {
        if (value.equalsIgnoreCase("nan") || value.equalsIgnoreCase("-nan")) {
            return Float.NaN;
        }
        return Float.parseFloat(value);
    }
}
