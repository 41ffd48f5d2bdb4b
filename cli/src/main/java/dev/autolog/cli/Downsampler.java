package dev.autolog.cli;

import java.util.Arrays;

/**
 * Picks the points of a series to draw on a chart about {@code threshold} pixels wide.
 *
 * <p>Finite values: all of them when there are at most {@code threshold}; otherwise largest-triangle-three-buckets
 * (Steinarsson, "Downsampling Time Series for Visual Representation", 2013): the first and the last point, and from
 * each of {@code threshold - 2} buckets of equal point count the point making the largest triangle with the point
 * picked before it and the mean of the next bucket. One change: the bucket holding the series' greatest (least)
 * value picks that point instead, both when it holds both, so a chart always shows the best value of a loss or an
 * accuracy: at most {@code threshold + 1} finite points.
 *
 * <p>NaN and infinite values have no place on a y axis; they are kept so that a chart can mark where they are: the
 * first and the last point of each run of consecutive points of one kind (NaN, +inf, -inf). With more than
 * {@code threshold} such runs, only {@code threshold} of them, evenly spread: at most {@code 2 * threshold} points.
 */
final class Downsampler {
    static final int MIN_THRESHOLD = 3;

    private Downsampler() {
    }

    /**
     * Positions in {@code x}/{@code y} of the points to draw, ascending.
     *
     * @param x ascending (equal values allowed)
     */
    static int[] select(long[] x, double[] y, int threshold) {
        if (threshold < MIN_THRESHOLD) {
            throw new IllegalArgumentException("threshold " + threshold + " < " + MIN_THRESHOLD);
        }
        int[] finite = new int[y.length];
        int n = 0;
        for (int i = 0; i < y.length; i++) {
            if (Double.isFinite(y[i])) {
                finite[n++] = i;
            }
        }
        int[] drawn = n <= threshold ? Arrays.copyOf(finite, n) : largestTriangles(x, y, finite, n, threshold);
        return n == y.length ? drawn : merge(drawn, nonFiniteRuns(y, threshold));
    }

    private static int[] largestTriangles(long[] x, double[] y, int[] f, int n, int threshold) {
        int max = f[0];
        int min = f[0];
        for (int k = 1; k < n; k++) {
            max = y[f[k]] > y[max] ? f[k] : max;
            min = y[f[k]] < y[min] ? f[k] : min;
        }
        int[] out = new int[threshold + 1];
        int size = 0;
        out[size++] = f[0];
        double every = (double) (n - 2) / (threshold - 2);
        int a = f[0];
        for (int bucket = 0; bucket < threshold - 2; bucket++) {
            int from = (int) (bucket * every) + 1;
            int to = (int) ((bucket + 1) * every) + 1;
            int nextTo = Math.min((int) ((bucket + 2) * every) + 1, n);
            double meanX = 0;
            double meanY = 0;
            for (int k = to; k < nextTo; k++) {
                meanX += x[f[k]];
                meanY += y[f[k]];
            }
            meanX /= nextTo - to;
            meanY /= nextTo - to;
            boolean holdsMax = holds(f, from, to, max);
            boolean holdsMin = holds(f, from, to, min);
            if (holdsMax || holdsMin) {
                if (holdsMax && holdsMin) {
                    out[size++] = Math.min(max, min);
                }
                a = holdsMax && holdsMin ? Math.max(max, min) : holdsMax ? max : min;
            } else {
                double largest = -1;
                for (int k = from; k < to; k++) {
                    int p = f[k];
                    double area = Math.abs((x[a] - meanX) * (y[p] - y[a]) - (x[a] - (double) x[p]) * (meanY - y[a]));
                    if (area > largest) {
                        largest = area;
                        a = p;
                    }
                }
            }
            out[size++] = a;
        }
        out[size++] = f[n - 1];
        return Arrays.copyOf(out, size);
    }

    /** Whether the bucket {@code f[from, to)} holds the point at {@code position} ({@code f} is ascending). */
    private static boolean holds(int[] f, int from, int to, int position) {
        return position >= f[from] && position <= f[to - 1];
    }

    private static int[] nonFiniteRuns(double[] y, int threshold) {
        int[] starts = new int[y.length];
        int[] ends = new int[y.length];
        int runs = 0;
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                if (runs > 0 && ends[runs - 1] == i - 1 && Double.compare(y[i - 1], y[i]) == 0) {
                    ends[runs - 1] = i;
                } else {
                    starts[runs] = i;
                    ends[runs++] = i;
                }
            }
        }
        int kept = Math.min(runs, threshold);
        int[] out = new int[2 * kept];
        int size = 0;
        for (int k = 0; k < kept; k++) {
            int run = (int) ((long) k * runs / kept);
            out[size++] = starts[run];
            if (ends[run] != starts[run]) {
                out[size++] = ends[run];
            }
        }
        return Arrays.copyOf(out, size);
    }

    private static int[] merge(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length || j < b.length) {
            out[k++] = j == b.length || i < a.length && a[i] < b[j] ? a[i++] : b[j++];
        }
        return out;
    }
}
