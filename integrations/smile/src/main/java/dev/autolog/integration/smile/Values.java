package dev.autolog.integration.smile;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads Smile's result objects, which are classes with public final fields up to 3.x and records from 4.x on
 * ({@code metrics.accuracy} then, {@code metrics.accuracy()} now).
 */
final class Values {
    private Values() {
    }

    /** The value of a public no-argument method or, failing that, a public field {@code name}; null if neither. */
    static Object property(Object target, String name) throws ReflectiveOperationException {
        if (target == null) {
            return null;
        }
        Class<?> type = target.getClass();
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
                    && m.getReturnType() != void.class) {
                return m.invoke(target);
            }
        }
        try {
            Field f = type.getField(name);
            return Modifier.isStatic(f.getModifiers()) ? null : f.get(target);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    /** The record components, or else the public instance fields, of {@code target} by name, in order. */
    static Map<String, Object> members(Object target) throws ReflectiveOperationException {
        Map<String, Object> members = new LinkedHashMap<>();
        Class<?> type = target.getClass();
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                members.put(c.getName(), c.getAccessor().invoke(target));
            }
        } else {
            for (Field f : type.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    members.put(f.getName(), f.get(target));
                }
            }
        }
        return members;
    }

    /** The finite numeric members of a metrics object, keyed {@code <prefix><snake_case name>}. */
    static Map<String, Double> numbers(Object metrics, String prefix) throws ReflectiveOperationException {
        Map<String, Double> numbers = new LinkedHashMap<>();
        if (metrics == null) {
            return numbers;
        }
        for (Map.Entry<String, Object> e : members(metrics).entrySet()) {
            if (e.getValue() instanceof Number n && Double.isFinite(n.doubleValue())) {
                numbers.put(prefix + snake(e.getKey()), n.doubleValue());
            }
        }
        return numbers;
    }

    /** {@code fitTime} → {@code fit_time}, {@code RSquared} → {@code r_squared}. */
    static String snake(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean wordStart = i > 0 && (Character.isLowerCase(name.charAt(i - 1))
                        || (i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1))));
                if (wordStart && out.length() > 0) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A value that reads well as a param: numbers, text, booleans, enums. */
    static boolean isScalar(Object value) {
        return value instanceof Number || value instanceof CharSequence || value instanceof Boolean
                || value instanceof Character || value instanceof Enum<?>;
    }
}
