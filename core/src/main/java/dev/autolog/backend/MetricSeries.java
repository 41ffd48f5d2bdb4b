package dev.autolog.backend;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The points of one metric in file order, held as three parallel arrays (a million points cost 24 MB, not a million
 * objects). The arrays are never changed once built.
 */
public final class MetricSeries {
    private final String key;
    private final int size;
    private final long[] steps;
    private final long[] times;
    private final double[] values;

    MetricSeries(String key, int size, long[] steps, long[] times, double[] values) {
        this.key = key;
        this.size = size;
        this.steps = steps;
        this.times = times;
        this.values = values;
    }

    /** The points of these arrays, which must be of one length and never be changed after. */
    public static MetricSeries of(String key, long[] steps, long[] times, double[] values) {
        if (times.length != steps.length || values.length != steps.length) {
            throw new IllegalArgumentException("arrays of " + steps.length + ", " + times.length + " and "
                    + values.length + " points");
        }
        return new MetricSeries(key, steps.length, steps, times, values);
    }

    /** The points in list order. */
    public static MetricSeries of(String key, List<Metric> points) {
        int n = points.size();
        long[] steps = new long[n];
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            Metric m = points.get(i);
            steps[i] = m.step();
            times[i] = m.timestampMillis();
            values[i] = m.value();
        }
        return new MetricSeries(key, n, steps, times, values);
    }

    public String key() {
        return key;
    }

    public int size() {
        return size;
    }

    public long step(int i) {
        return steps[i];
    }

    public long time(int i) {
        return times[i];
    }

    public double value(int i) {
        return values[i];
    }

    /** Steps in file order; not to be changed. */
    public long[] steps() {
        return steps;
    }

    /** Timestamps (ms) in file order; not to be changed. */
    public long[] times() {
        return times;
    }

    /** Values in file order; not to be changed. */
    public double[] values() {
        return values;
    }

    /** The points as {@link Metric}s, made as they are read. */
    public List<Metric> asList() {
        return new Points();
    }

    private final class Points extends AbstractList<Metric> implements RandomAccess {
        @Override
        public Metric get(int i) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException(i);
            }
            return new Metric(key, values[i], times[i], steps[i]);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
