package dev.autolog.integration.xgboost;

import dev.autolog.run.Training;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** What a trained Booster tells after {@code train} returns: early-stopping results, the model, importances. */
final class BoosterResults {

    private BoosterResults() {
    }

    static void log(Training training, Object booster, TrainHook.Rounds rounds) throws Exception {
        if (rounds != null && rounds.earlyStopping) {
            Object best = Reflect.call(booster, "getAttr", "best_iteration");
            if (best != null) {
                training.metric("best_iteration", Integer.parseInt(best.toString()), 0);
            }
            if (rounds.lastIteration >= 0) {
                training.metric("stopped_iteration", rounds.lastIteration, 0);
            }
        }
        if (training.logModels()) {
            byte[] model = (byte[]) Reflect.call(booster, "toByteArray", "json");
            training.artifact("model/model.json", model);
        }
        if (XGBoostSettings.logFeatureImportance()) {
            Object scores = Reflect.call(booster, "getFeatureScore", (Object) featureNames(booster));
            if (scores instanceof Map<?, ?> map) {
                training.artifact("feature_importance_weight.json", json(map).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * The booster's feature names, else {@code f0..f<n-1>} as XGBoost names them. Never null: XGBoost's native
     * model dump crashes the JVM when handed a null name array.
     */
    static String[] featureNames(Object booster) throws Exception {
        try {
            String[] names = (String[]) Reflect.call(booster, "getFeatureNames");
            if (names != null && names.length > 0 && !java.util.Arrays.asList(names).contains(null)) {
                return names;
            }
        } catch (NoSuchMethodException | java.lang.reflect.InvocationTargetException absentOrUnset) {
            // XGBoost 1.7 has no feature names; later versions throw when none were set
        }
        int count = (int) (long) (Long) Reflect.call(booster, "getNumFeature");
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = "f" + i;
        }
        return names;
    }

    /** {"f0": 12, ...} sorted by feature name. */
    static String json(Map<?, ?> scores) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<?, ?> e : new TreeMap<>(stringKeys(scores)).entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('"').append(escape(e.getKey().toString())).append("\": ").append(e.getValue());
        }
        return sb.append('}').toString();
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
