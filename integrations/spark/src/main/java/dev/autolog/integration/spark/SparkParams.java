package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The params of a Spark {@code Params} object or {@code ParamMap}, as name → text, read reflectively. */
final class SparkParams {

    private SparkParams() {
    }

    /** Every param of {@code params} from {@code extractParamMap()}: defaults merged with the values set. */
    static Map<String, String> of(Object params) throws Exception {
        return of(Reflect.call(params, "extractParamMap"), Map.of());
    }

    /**
     * The pairs of {@code paramMap}, each named {@code <prefix of its owner's uid><param name>}; owners not in
     * {@code prefixes} get none.
     */
    static Map<String, String> of(Object paramMap, Map<String, String> prefixes) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object pair : (List<?>) Reflect.call(paramMap, "toList")) {
            Object param = Reflect.call(pair, "param");
            String prefix = prefixes.getOrDefault(String.valueOf(Reflect.call(param, "parent")), "");
            out.put(prefix + Reflect.call(param, "name"), text(param, Reflect.call(pair, "value")));
        }
        return out;
    }

    /**
     * Strings, numbers and booleans as Java prints them; arrays and the rest as the param's own JSON, else as
     * {@link ParamValues#describe} tells them.
     */
    static String text(Object param, Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        try {
            return String.valueOf(Reflect.call(param, "jsonEncode", value));
        } catch (Exception e) {
            return ParamValues.describe(value);
        }
    }
}
