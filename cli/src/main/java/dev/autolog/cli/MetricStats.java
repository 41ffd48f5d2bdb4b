package dev.autolog.cli;

import dev.autolog.backend.Metric;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a metric's points sum up to: MLflow's latest value (the greatest step, then timestamp, then value), the best
 * value (the highest for scores such as accuracy or AUC, the lowest for losses and errors), and the point count.
 */
record MetricStats(String key, double latest, long latestStep, double best, int count) {
    private static final Pattern HIGHER_IS_BETTER = Pattern.compile(
            ".*(auc|acc|accuracy|precision|recall|f1|r2|map|ndcg|iou|dice).*");
    private static final Comparator<Metric> LATEST = Comparator.comparingLong(Metric::step)
            .thenComparingLong(Metric::timestampMillis).thenComparingDouble(Metric::value);

    static MetricStats of(String key, List<Metric> points) {
        Metric latest = points.stream().max(LATEST).orElseThrow();
        boolean higher = higherIsBetter(key);
        double best = higher ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (Metric m : points) {
            if (!Double.isNaN(m.value())) {
                best = higher ? Math.max(best, m.value()) : Math.min(best, m.value());
            }
        }
        return new MetricStats(key, latest.value(), latest.step(), Double.isInfinite(best) ? Double.NaN : best,
                points.size());
    }

    /** Keys with at least one point, in key order. */
    static Map<String, MetricStats> of(Map<String, List<Metric>> metrics) {
        Map<String, MetricStats> out = new LinkedHashMap<>();
        metrics.forEach((key, points) -> {
            if (!points.isEmpty()) {
                out.put(key, of(key, points));
            }
        });
        return out;
    }

    /** A bare "score" is not a hint: DL4J's {@code score}, {@code epoch_score} and {@code best_score} are losses. */
    static boolean higherIsBetter(String key) {
        String last = key.substring(key.lastIndexOf('-') + 1).toLowerCase(Locale.ROOT);
        return HIGHER_IS_BETTER.matcher(last).matches() && !last.contains("loss") && !last.contains("error");
    }

    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", key);
        out.put("latest", latest);
        out.put("latest_step", latestStep);
        out.put("best", best);
        out.put("points", count);
        return out;
    }

    /** Six significant digits: enough to tell runs apart, short enough for a table. */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
                        .replaceAll("\\.$", "");
    }
}
