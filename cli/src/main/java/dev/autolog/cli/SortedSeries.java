package dev.autolog.cli;

import dev.autolog.backend.MetricSeries;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * One metric's points ordered by an x (the step or the wall time), points of equal x in file order. A file written
 * in x order (the usual case) is used as it is, without copies.
 */
final class SortedSeries {
    private static final int MADE = 16;
    private final MetricSeries series;
    private final long[] x;
    private final double[] y;
    /** File index of each position; null when the file is in x order. */
    private final int[] order;
    /** What was made of this series lately (charts of some widths and smoothings), kept while it is cached. */
    private final Map<String, Object> made = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > MADE;
        }
    };

    private SortedSeries(MetricSeries series, long[] x, double[] y, int[] order) {
        this.series = series;
        this.x = x;
        this.y = y;
        this.order = order;
    }

    static SortedSeries of(MetricSeries series, boolean byTime) {
        long[] x = byTime ? series.times() : series.steps();
        for (int i = 1; i < x.length; i++) {
            if (x[i] < x[i - 1]) {
                int[] order = IntStream.range(0, x.length).boxed()
                        .sorted(Comparator.comparingLong(k -> x[k])).mapToInt(Integer::intValue).toArray();
                long[] sortedX = new long[x.length];
                double[] sortedY = new double[x.length];
                for (int k = 0; k < order.length; k++) {
                    sortedX[k] = x[order[k]];
                    sortedY[k] = series.value(order[k]);
                }
                return new SortedSeries(series, sortedX, sortedY, order);
            }
        }
        return new SortedSeries(series, x, series.values(), null);
    }

    /** What {@code make} makes of this series, made once while the series stays the same. */
    @SuppressWarnings("unchecked")
    synchronized <T> T memo(String key, Supplier<T> make) {
        return (T) made.computeIfAbsent(key, k -> make.get());
    }

    int size() {
        return x.length;
    }

    /** The file index of the point at this position. */
    int fileIndex(int position) {
        return order == null ? position : order[position];
    }

    MetricSeries series() {
        return series;
    }

    /** Positions of the points to draw on a chart about {@code width} pixels wide ({@link Downsampler}). */
    int[] downsample(int width) {
        return Downsampler.select(x, y, width);
    }

    /**
     * The exponential moving average in x order with TensorBoard's and MLflow's debias: {@code last = last * w +
     * (1 - w) * v}, shown as {@code last / (1 - w^n)}, {@code n} counting the finite values so far; a NaN or
     * infinite value is left out of the average and shown as it is.
     */
    double[] smoothed(double weight) {
        double[] out = new double[y.length];
        double last = 0;
        int n = 0;
        for (int i = 0; i < y.length; i++) {
            if (Double.isFinite(y[i])) {
                last = last * weight + (1 - weight) * y[i];
                n++;
                out[i] = last / (1 - Math.pow(weight, n));
            } else {
                out[i] = y[i];
            }
        }
        return out;
    }

    /** Positions of the points whose x is nearest {@code at} (all of them when several share it), at most {@code max}. */
    int[] nearest(double at, int max) {
        if (x.length == 0) {
            return new int[0];
        }
        int i = Arrays.binarySearch(x, (long) Math.ceil(at));
        int after = i >= 0 ? i : -i - 1;
        while (after > 0 && x[after - 1] >= at) {
            after--;
        }
        int pick = after == x.length || after > 0 && at - x[after - 1] <= x[after] - at ? after - 1 : after;
        int first = pick;
        while (first > 0 && x[first - 1] == x[pick]) {
            first--;
        }
        int end = first;
        while (end < x.length && x[end] == x[pick] && end - first < max) {
            end++;
        }
        return IntStream.range(first, end).toArray();
    }
}
