package dev.autolog.cli;

import dev.autolog.logging.TerminalText;
import java.util.Collection;
import java.util.Map;

/** Writes maps, collections, strings, numbers, booleans and null as JSON; NaN and infinities become null. */
public final class Json {
    private Json() {
    }

    /**
     * A metric value for JSON, which has no NaN nor infinity: the number, or the text {@code NaN}, {@code Infinity} or
     * {@code -Infinity} as MLflow's REST API and Python's json write it and JavaScript's {@code Number()} reads back
     * (a null would read as "no value").
     */
    public static Object number(double v) {
        return Double.isFinite(v) ? (Object) v : Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    }

    /** A column's value for JSON: a metric's as {@link #number} gives it (a Double is one), any other as it is. */
    static Object value(Object v) {
        return v instanceof Double d ? number(d) : v;
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Double d) {
            out.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof long[] longs) {
            out.append('[');
            for (int i = 0; i < longs.length; i++) {
                out.append(i == 0 ? "" : ",").append(longs[i]);
            }
            out.append(']');
        } else if (v instanceof double[] doubles) {
            out.append('[');
            for (int i = 0; i < doubles.length; i++) {
                out.append(i == 0 ? "" : ",");
                append(out, doubles[i]);
            }
            out.append(']');
        } else if (v instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                append(out, e.getValue());
            }
            out.append('}');
        } else if (v instanceof Collection<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                out.append(first ? "" : ",");
                first = false;
                append(out, item);
            }
            out.append(']');
        } else {
            string(out, v.toString());
        }
    }

    /**
     * Escapes also '<', '>' and '&' so that JSON embedded in a page can never close a script element, and DEL, C1
     * controls and bidirectional overrides so that JSON printed on a terminal cannot drive it.
     */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&'
                    || TerminalText.isInvisibleControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
