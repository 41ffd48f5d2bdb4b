package dev.autolog.cli;

import java.util.Comparator;
import java.util.List;

/**
 * Sorts runs as MLflow's {@code SearchUtils.sort} does: each key in turn, ascending or descending, runs without the
 * key last and runs whose metric is NaN just before them, whatever the direction; runs equal on every key keep their
 * order (newest first).
 */
final class SearchOrder {
    record Key(SearchField field, boolean ascending) {
    }

    private SearchOrder() {
    }

    static Comparator<RunValues> comparator(List<Key> keys) {
        Comparator<RunValues> order = (a, b) -> 0;
        for (Key key : keys) {
            order = order.thenComparing((a, b) -> compare(a.value(key.field()), b.value(key.field()),
                    key.ascending()));
        }
        return order;
    }

    private static int compare(Object a, Object b, boolean ascending) {
        int rank = Integer.compare(rank(a), rank(b));
        if (rank != 0 || rank(a) != 0) {
            return rank;
        }
        int c;
        if (a instanceof Double x) {
            double y = (Double) b;
            c = x < y ? -1 : x > y ? 1 : 0;
        } else if (a instanceof Long x) {
            c = Long.compare(x, (Long) b);
        } else {
            c = compareCodePoints((String) a, (String) b);
        }
        return ascending ? c : -c;
    }

    /** 0 a value, 1 NaN, 2 none. */
    private static int rank(Object value) {
        return value == null ? 2 : value instanceof Double d && d.isNaN() ? 1 : 0;
    }

    /** Python compares text by code point, Java's compareTo by UTF-16 unit; they differ above U+FFFF. */
    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
