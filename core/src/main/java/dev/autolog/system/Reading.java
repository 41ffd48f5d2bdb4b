package dev.autolog.system;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sources saw at one moment, by metric name without the {@code system/} prefix. Each kind is turned into
 * a run's value differently, so that one reading serves every open run whenever it started.
 */
public final class Reading {
    final Map<String, Double> gauges = new LinkedHashMap<>();
    final Map<String, Double> totals = new LinkedHashMap<>();
    final Map<String, double[]> shares = new LinkedHashMap<>();

    /** A level, logged as read (rounded to 1 decimal, as MLflow rounds). */
    public void gauge(String name, double value) {
        if (Double.isFinite(value)) {
            gauges.put(name, value);
        }
    }

    /** A cumulative count, logged as its growth since the run started (or since the count first appeared). */
    public void total(String name, double value) {
        if (Double.isFinite(value)) {
            totals.put(name, value);
        }
    }

    /**
     * A utilisation: two cumulative counts, logged as 100 × Δpart / Δwhole since the run's previous publication
     * (rounded to 1 decimal), as {@code psutil.cpu_percent()} is "since the previous call".
     */
    public void share(String name, double part, double whole) {
        if (Double.isFinite(part) && Double.isFinite(whole)) {
            shares.put(name, new double[] {part, whole});
        }
    }
}
