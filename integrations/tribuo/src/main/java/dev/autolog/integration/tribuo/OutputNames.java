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
        if (Reflect.hasMethod(output, "getLabelString", 0)) {
            return String.valueOf(Reflect.call(output, "getLabelString"));
        }
        if (Reflect.hasMethod(output, "getLabel", 0)) {
            return String.valueOf(Reflect.call(output, "getLabel"));
        }
        if (Reflect.hasMethod(output, "getNames", 0)) {
            return String.join(",", (String[]) Reflect.call(output, "getNames"));
        }
        return String.valueOf(output);
    }
}
