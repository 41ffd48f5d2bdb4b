package dev.autolog.backend;

import java.util.AbstractList;
import java.util.Arrays;
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

    private MetricSeries(String key, int size, long[] steps, long[] times, double[] values) {
        this.key = key;
        this.size = size;
        this.steps = steps;
        this.times = times;
        this.values = values;
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

    /** Appends points; {@link #build()} trims the arrays. */
    static final class Builder {
        private final String key;
        private int size;
        private long[] steps;
        private long[] times;
        private double[] values;

        Builder(String key, int capacity) {
            this.key = key;
            int c = Math.max(capacity, 16);
            steps = new long[c];
            times = new long[c];
            values = new double[c];
        }

        void add(long time, double value, long step) {
            if (size == steps.length) {
                int c = size + (size >> 1);
                steps = Arrays.copyOf(steps, c);
                times = Arrays.copyOf(times, c);
                values = Arrays.copyOf(values, c);
            }
            steps[size] = step;
            times[size] = time;
            values[size] = value;
            size++;
        }

        MetricSeries build() {
            return size == steps.length ? new MetricSeries(key, size, steps, times, values)
                    : new MetricSeries(key, size, Arrays.copyOf(steps, size), Arrays.copyOf(times, size),
                            Arrays.copyOf(values, size));
        }
    }
}
