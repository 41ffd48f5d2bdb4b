package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.model.JsonStrings;
import dev.autolog.run.ParamText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tribuo's provenance (an OLCUT {@code ObjectProvenance}) as OLCUT's own {@code ProvenanceUtil.convertToMap}
 * renders it: nested maps and lists of strings.
 */
final class Provenances {
    private static final String PROVENANCE_UTIL = "com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil";
    /** OLCUT bookkeeping, the same for every object of a kind. */
    private static final String HOST_SHORT_NAME = "host-short-name";

    private Provenances() {
    }

    /** {@code provenanced.getProvenance()} converted to nested maps. */
    static Map<?, ?> asMap(Object provenanced) throws Exception {
        Object provenance = Reflect.call(provenanced, "getProvenance");
        ClassLoader loader = provenanced.getClass().getClassLoader();
        return (Map<?, ?>) Reflect.callStatic(loader, PROVENANCE_UTIL, "convertToMap", provenance);
    }

    /**
     * The nested map flattened to dotted keys ({@code optimiser.initialLearningRate}); list elements are
     * numbered ({@code trainers.0.seed}).
     */
    static Map<String, String> flatten(Map<?, ?> nested) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", nested, flat);
        return flat;
    }

    private static void flatten(String prefix, Object value, Map<String, String> flat) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (!HOST_SHORT_NAME.equals(k)) {
                    flatten(prefix + k + ".", v, flat);
                }
            });
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + i + ".", list.get(i), flat);
            }
            if (list.isEmpty()) {
                flat.put(withoutDot(prefix), "[]");
            }
            return;
        }
        flat.put(withoutDot(prefix), ParamText.of(value));
    }

    private static String withoutDot(String prefix) {
        return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    /** The nested map as JSON text: strings, objects and arrays, as the provenance holds nothing else. */
    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        json(value, out, "");
        return out.append('\n').toString();
    }

    private static void json(Object value, StringBuilder out, String indent) {
        String inner = indent + "  ";
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            String sep = "\n";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(sep).append(inner);
                JsonStrings.quote(out, String.valueOf(e.getKey()), false);
                out.append(": ");
                json(e.getValue(), out, inner);
                sep = ",\n";
            }
            out.append(map.isEmpty() ? "}" : "\n" + indent + "}");
        } else if (value instanceof List<?> list) {
            out.append('[');
            String sep = "\n";
            for (Object element : list) {
                out.append(sep).append(inner);
                json(element, out, inner);
                sep = ",\n";
            }
            out.append(list.isEmpty() ? "]" : "\n" + indent + "]");
        } else {
            JsonStrings.quote(out, String.valueOf(value), false);
        }
    }
}
