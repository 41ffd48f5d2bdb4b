package dev.autolog.model;

import dev.autolog.backend.YamlMeta;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Block-style YAML as PyYAML's {@code safe_dump(default_flow_style=False)} writes it for MLmodel files: map keys
 * sorted, lists as {@code - item} at the map's indentation, strings quoted only where YAML would read another type.
 */
final class NestedYaml {
    private NestedYaml() {
    }

    static String format(Map<String, ?> map) {
        StringBuilder out = new StringBuilder();
        map(out, map, "");
        return out.toString();
    }

    private static void map(StringBuilder out, Map<String, ?> map, String indent) {
        for (Map.Entry<String, ?> e : new TreeMap<>(map).entrySet()) {
            out.append(indent).append(YamlMeta.scalar(e.getKey())).append(':');
            value(out, e.getValue(), indent);
        }
    }

    @SuppressWarnings("unchecked")
    private static void value(StringBuilder out, Object v, String indent) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            out.append('\n');
            map(out, (Map<String, ?>) m, indent + "  ");
        } else if (v instanceof List<?> list && !list.isEmpty()) {
            out.append('\n');
            for (Object item : list) {
                out.append(indent).append("- ").append(scalar(item)).append('\n');
            }
        } else {
            out.append(' ').append(v instanceof Map<?, ?> ? "{}" : v instanceof List<?> ? "[]" : scalar(v)).append('\n');
        }
    }

    private static String scalar(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return YamlMeta.scalar(v.toString());
    }
}
