package dev.autolog.backend;

import java.nio.charset.StandardCharsets;

/**
 * Parses a whole metric file ({@code timestamp value [step]} lines, MLflow's format) with the semantics of
 * {@link LocalStoreReader#parseMetric}: a line not ended by a newline (being written) or malformed is skipped. Lines
 * of plain ASCII numbers are parsed from the bytes without making strings ({@link ExactDecimal}); a value it cannot
 * decide is handed to {@link Double#parseDouble}, and every other line (whitespace around it,
 * {@code nan}, non-ASCII digits, ...) to {@link LocalStoreReader#parseMetric} itself.
 */
public final class MetricLines {
    private MetricLines() {
    }

    public static MetricSeries parse(String key, byte[] bytes) {
        MetricSeries.Builder out = new MetricSeries.Builder(key, bytes.length / 24);
        int start = 0;
        for (int nl = indexOf(bytes, (byte) '\n', 0, bytes.length); nl >= 0;
                start = nl + 1, nl = indexOf(bytes, (byte) '\n', start, bytes.length)) {
            if (!parsePlain(bytes, start, nl, out)) {
                Metric m = LocalStoreReader.parseMetric(key, new String(bytes, start, nl - start,
                        StandardCharsets.UTF_8));
                if (m != null) {
                    out.add(m.timestampMillis(), m.value(), m.step());
                }
            }
        }
        return out.build();
    }

    /**
     * Adds the line's point, or skips it when it is malformed; false when it is not plain ASCII numbers separated by
     * single spaces, for the slow parser to decide.
     */
    private static boolean parsePlain(byte[] b, int from, int to, MetricSeries.Builder out) {
        int s1 = indexOf(b, (byte) ' ', from, to);
        if (s1 < 0) {
            return false;
        }
        int s2 = indexOf(b, (byte) ' ', s1 + 1, to);
        int valueEnd = s2 < 0 ? to : s2;
        if (s2 >= 0 && indexOf(b, (byte) ' ', s2 + 1, to) >= 0) {
            return false;
        }
        long time = integer(b, from, s1);
        long step = s2 < 0 ? 0 : integer(b, s2 + 1, to);
        if (time == Long.MIN_VALUE || step == Long.MIN_VALUE) {
            return false;
        }
        double value = decimal(b, s1 + 1, valueEnd);
        if (Double.isNaN(value)) {
            for (int i = s1 + 1; i < valueEnd; i++) {
                if ((b[i] < '0' || b[i] > '9') && b[i] != '.' && b[i] != '-' && b[i] != '+' && b[i] != 'e'
                        && b[i] != 'E') {
                    return false;
                }
            }
            try {
                value = Double.parseDouble(new String(b, s1 + 1, valueEnd - s1 - 1, StandardCharsets.ISO_8859_1));
            } catch (NumberFormatException malformed) {
                return true; // skipped, as parseMetric would
            }
        }
        out.add(time, value, step);
        return true;
    }

    /** An optionally signed integer of 1 to 18 ASCII digits; Long.MIN_VALUE when it is anything else. */
    private static long integer(byte[] b, int from, int to) {
        boolean negative = from < to && b[from] == '-';
        int i = from < to && (b[from] == '-' || b[from] == '+') ? from + 1 : from;
        if (i == to || to - i > 18) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    /**
     * A decimal {@code [sign]digits[.digits][e[sign]digits]} of at most 18 significant digits, exactly as
     * Double.parseDouble reads it ({@link ExactDecimal}); NaN when it is not such a number or cannot be decided.
     */
    private static double decimal(byte[] b, int from, int to) {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int significant = 0;
        int fraction = 0;
        boolean dot = false;
        for (; i < to; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                digits++;
                if (dot) {
                    fraction++;
                }
                if (mantissa != 0 || c != '0') {
                    if (++significant > 18) {
                        return Double.NaN;
                    }
                    mantissa = mantissa * 10 + (c - '0');
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        int exponent = 0;
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            long e = integer(b, i + 1, to);
            if (e == Long.MIN_VALUE || Math.abs(e) > 400) {
                return Double.NaN;
            }
            exponent = (int) e;
            i = to;
        }
        if (i != to) {
            return Double.NaN;
        }
        if (mantissa == 0) {
            return negative ? -0.0 : 0.0;
        }
        double v = ExactDecimal.of(mantissa, exponent - fraction);
        return negative ? -v : v;
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
