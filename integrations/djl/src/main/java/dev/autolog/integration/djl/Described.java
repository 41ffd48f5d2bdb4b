package dev.autolog.integration.djl;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A DJL configuration object (an optimizer, a learning-rate tracker, an initializer) by its scalar fields: DJL gives
 * them neither getters nor a {@code toString}, so the fields its builder set are read directly.
 */
final class Described {
    /** Counters that change while training, not settings. */
    private static final Set<String> STATE = Set.of("numUpdate");

    private Described() {
    }

    /** The scalar fields (numbers, booleans, strings, enums) of {@code value} and its superclasses. */
    static Map<String, Object> fields(Object value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && isScalar(f.getType()) && !STATE.contains(f.getName())
                        && !fields.containsKey(f.getName()) && f.trySetAccessible()) {
                    try {
                        fields.put(f.getName(), f.get(value));
                    } catch (IllegalAccessException e) {
                        // not readable: left out
                    }
                }
            }
        }
        return fields;
    }

    /** {@code FixedTracker(value=0.01)}: the simple class name and the scalar fields. */
    static String text(Object value) {
        StringBuilder text = new StringBuilder(value.getClass().getSimpleName()).append('(');
        String separator = "";
        for (Map.Entry<String, Object> e : fields(value).entrySet()) {
            text.append(separator).append(e.getKey()).append('=').append(e.getValue());
            separator = ", ";
        }
        return text.append(')').toString();
    }

    /** The object itself, by one field only a framework's private state holds (the optimizer's tracker). */
    static Object field(Object value, String name) {
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                return f.trySetAccessible() ? f.get(value) : null;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (IllegalAccessException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean isScalar(Class<?> type) {
        return type.isPrimitive() || Number.class.isAssignableFrom(type) || type == Boolean.class
                || type == String.class || type.isEnum();
    }
}
