package dev.autolog.integration.xgboost;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * XGBoost's "weight" feature importance (how many splits use each feature, as {@code Booster.getFeatureScore}
 * reports it), computed from the saved UBJSON model on the writer thread instead of asking the Booster, which
 * would cost the training thread a full text dump of every tree.
 */
final class FeatureImportance {

    private FeatureImportance() {
    }

    /** {@code {"f0": 12, ...}} sorted by feature name; features no split uses are left out, as XGBoost does. */
    static byte[] weightJson(byte[] ubjModel) {
        return weightJson(learner(ubjModel));
    }

    /** The {@code learner} object of a UBJSON model: feature names and types, the trees, the objective. */
    static Map<?, ?> learner(byte[] ubjModel) {
        return (Map<?, ?>) ((Map<?, ?>) UbjReader.read(ubjModel)).get("learner");
    }

    static byte[] weightJson(Map<?, ?> learner) {
        List<?> names = learner.get("feature_names") instanceof List<?> l ? l : List.of();
        Map<String, Integer> weights = new TreeMap<>();
        countSplits(learner.get("gradient_booster"), names, weights);
        return json(weights).getBytes(StandardCharsets.UTF_8);
    }

    /** Walks the booster, whatever its nesting (gbtree, dart), and counts the splits of every tree it holds. */
    private static void countSplits(Object node, List<?> names, Map<String, Integer> weights) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("split_indices") instanceof int[] splits && map.get("left_children") instanceof int[] left) {
                for (int i = 0; i < splits.length; i++) {
                    if (left[i] != -1) {
                        int feature = splits[i];
                        String name = feature < names.size() ? String.valueOf(names.get(feature)) : "f" + feature;
                        weights.merge(name, 1, Integer::sum);
                    }
                }
                return;
            }
            for (Object child : map.values()) {
                countSplits(child, names, weights);
            }
        } else if (node instanceof List<?> list) {
            for (Object child : list) {
                countSplits(child, names, weights);
            }
        }
    }

    static String json(Map<String, Integer> weights) {
        StringBuilder sb = new StringBuilder("{");
        weights.forEach((name, count) -> {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('"').append(escape(name)).append("\": ").append(count);
        });
        return sb.append('}').toString();
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
