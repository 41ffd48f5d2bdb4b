package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.Reflect;

/**
 * An output's name as Tribuo users know it: a {@code Label}'s label, a {@code MultiLabel}'s labels
 * ({@code getLabelString}: {@code sports}, not its text {@code (LabelSet={sports})}), a {@code Regressor}
 * dimension's name; any other output (a cluster id, an anomaly event) by its text.
 */
final class OutputNames {
    private OutputNames() {
    }

    static String of(Object output) throws Exception {
        if (has(output, "getLabelString")) {
            return String.valueOf(Reflect.call(output, "getLabelString"));
        }
        if (has(output, "getLabel")) {
            return String.valueOf(Reflect.call(output, "getLabel"));
        }
        if (has(output, "getNames")) {
            return String.join(",", (String[]) Reflect.call(output, "getNames"));
        }
        return String.valueOf(output);
    }

    static boolean has(Object target, String noArgMethod) {
        try {
            target.getClass().getMethod(noArgMethod);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
