package dev.autolog.cli;

import dev.autolog.backend.MetricSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The chart parameters of the UI's metric endpoints, checked, and the JSON of what a chart draws or hovers. */
final class ChartQuery {
    /** Points a chart asks for: about its width in pixels. */
    static final Range POINTS = new Range(Downsampler.MIN_THRESHOLD, 10_000, 1000, true,
            "(about the chart's width in pixels)");
    static final Range SMOOTHING = new Range(0, 0.99, 0, false, "(the weight of the moving average)");
    static final Range AT = new Range(-Double.MAX_VALUE, Double.MAX_VALUE, Double.NaN, false,
            "(a step, or a time in ms since 1970)");
    /** Points of one x shown on hover, at most. */
    static final int MAX_SAME_X = 10;

    private ChartQuery() {
    }

    /** A number parameter's accepted values; {@code fallback} NaN when it is required. */
    record Range(double min, double max, double fallback, boolean whole, String meaning) {
        double parse(String name, String text) {
            if (text == null || text.isEmpty()) {
                if (Double.isNaN(fallback)) {
                    throw CliException.usage("the query needs " + name + "=<number> " + meaning);
                }
                return fallback;
            }
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (!(v >= min && v <= max) || whole && v != Math.rint(v)) {
                throw CliException.usage(name + " '" + text + "' is not accepted: give " + (whole ? "a whole number"
                        : "a number") + (min == -Double.MAX_VALUE ? "" : " from " + MetricStats.format(min) + " to "
                        + MetricStats.format(max)) + " " + meaning);
            }
            return v;
        }
    }

    static boolean byTime(String x) {
        if (x == null || x.isEmpty() || x.equals("step")) {
            return false;
        } else if (x.equals("time")) {
            return true;
        }
        throw CliException.usage("x '" + x + "' is not accepted: give x=step or x=time (relative time is time"
                + " minus the answer's first_time)");
    }

    /** What a chart {@code width} pixels wide draws of the series; made once per width and smoothing. */
    static Map<String, Object> drawn(SortedSeries s, int width, double smoothing) {
        return s.memo("drawn " + width + " " + smoothing, () -> make(s, width, smoothing));
    }

    private static Map<String, Object> make(SortedSeries s, int width, double smoothing) {
        int[] picked = s.downsample(width);
        double[] smoothed = smoothing > 0 ? s.smoothed(smoothing) : null;
        MetricSeries file = s.series();
        long[] steps = new long[picked.length];
        long[] times = new long[picked.length];
        List<Object> values = new ArrayList<>(picked.length);
        List<Object> smooth = new ArrayList<>(picked.length);
        int nan = 0;
        int inf = 0;
        int negInf = 0;
        for (int i = 0; i < file.size(); i++) {
            double v = file.value(i);
            nan += Double.isNaN(v) ? 1 : 0;
            inf += v == Double.POSITIVE_INFINITY ? 1 : 0;
            negInf += v == Double.NEGATIVE_INFINITY ? 1 : 0;
        }
        for (int k = 0; k < picked.length; k++) {
            int i = s.fileIndex(picked[k]);
            steps[k] = file.step(i);
            times[k] = file.time(i);
            values.add(Json.number(file.value(i)));
            if (smoothed != null) {
                smooth.add(Json.number(smoothed[picked[k]]));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", file.size());
        out.put("shown", picked.length);
        out.put("step", steps);
        out.put("time", times);
        out.put("value", values);
        if (smoothed != null) {
            out.put("smoothed", smooth);
        }
        out.put("nonfinite", Map.of("nan", nan, "inf", inf, "-inf", negInf));
        return out;
    }

    static Map<String, Object> nearest(SortedSeries s, double at) {
        int[] positions = s.nearest(at, MAX_SAME_X);
        MetricSeries file = s.series();
        List<Object> points = new ArrayList<>();
        for (int p : positions) {
            int i = s.fileIndex(p);
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("step", file.step(i));
            point.put("time", file.time(i));
            point.put("value", Json.number(file.value(i)));
            point.put("index", i);
            points.add(point);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", file.key());
        out.put("count", file.size());
        out.put("points", points);
        return out;
    }
}
