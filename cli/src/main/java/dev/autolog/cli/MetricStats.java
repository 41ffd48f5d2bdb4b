package dev.autolog.cli;

import dev.autolog.backend.Metric;
import dev.autolog.backend.MetricSeries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What a metric's points sum up to: MLflow's latest value (the greatest step, then timestamp, then value), the best
 * value (the highest or the lowest, as {@link BestDirection} says; NaN only when no point is a number), and the
 * point count.
 */
record MetricStats(String key, double latest, long latestStep, double best, BestDirection direction, int count) {
    /** @param direction null to take it from the key */
    static MetricStats of(String key, List<Metric> points, BestDirection direction) {
        return of(MetricSeries.of(key, points), direction);
    }

    /** @param direction null to take it from the key */
    static MetricStats of(MetricSeries points, BestDirection direction) {
        if (points.size() == 0) {
            throw new NoSuchElementException("no points of " + points.key());
        }
        int latest = 0;
        for (int i = 1; i < points.size(); i++) {
            int c = Long.compare(points.step(i), points.step(latest));
            c = c != 0 ? c : Long.compare(points.time(i), points.time(latest));
            if ((c != 0 ? c : Double.compare(points.value(i), points.value(latest))) > 0) {
                latest = i;
            }
        }
        BestDirection d = direction != null ? direction : BestDirection.of(points.key());
        double best = Double.NaN;
        for (double v : points.values()) {
            if (!Double.isNaN(v) && (Double.isNaN(best) || d.isBetter(v, best))) {
                best = v;
            }
        }
        return new MetricStats(points.key(), points.value(latest), points.step(latest), best, d, points.size());
    }

    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", key);
        out.put("latest", Json.number(latest));
        out.put("latest_step", latestStep);
        out.put("best", Json.number(best));
        out.put("best_direction", direction.name().toLowerCase(Locale.ROOT));
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
