package dev.autolog.model;

import java.util.List;
import java.util.Map;

/** JSON text as Python's {@code json.dumps} writes it by default: separators {@code ", "} and {@code ": "}. */
public final class Json {
    private Json() {
    }

    public static String of(Object v) {
        StringBuilder out = new StringBuilder();
        write(out, v);
        return out.toString();
    }

    private static void write(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            JsonStrings.quote(out, s, true);
        } else if (v instanceof Double d) {
            out.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
        } else if (v instanceof Float f) {
            out.append(f.isNaN() || f.isInfinite() ? "null" : Double.toString(Double.parseDouble(f.toString())));
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Map<?, ?> map) {
            out.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(sep);
                JsonStrings.quote(out, String.valueOf(e.getKey()), true);
                out.append(": ");
                write(out, e.getValue());
                sep = ", ";
            }
            out.append('}');
        } else if (v instanceof List<?> list) {
            out.append('[');
            String sep = "";
            for (Object item : list) {
                out.append(sep);
                write(out, item);
                sep = ", ";
            }
            out.append(']');
        } else {
            JsonStrings.quote(out, v.toString(), true);
        }
    }
}
