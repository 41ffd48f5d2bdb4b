package dev.autolog.backend.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plain state object (the {@link SyncState} family: public fields of strings, booleans, numbers, lists and sets of
 * strings, and string-keyed maps of those or of other such objects) as a JSON object named by its fields, and back.
 * What Jackson's data binding did for these files, without its start-up cost (see {@link JsonTrees}). Reading is
 * lenient where the files may differ harmlessly (unknown fields are skipped, a missing or null collection stays
 * empty) and strict where they are broken: a value of the wrong kind is an {@link IOException} naming the field.
 */
final class FieldsJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** A class's fields, looked up once: every request saves a state, and each new Field parses its generic type again. */
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Field f : type.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isPublic(m) && !Modifier.isStatic(m) && !Modifier.isFinal(m)) {
                    out.add(f);
                }
            }
            return List.copyOf(out);
        }
    };

    private FieldsJson() {
    }

    static ObjectNode toTree(Object state) {
        ObjectNode out = NODES.objectNode();
        for (Field f : FIELDS.get(state.getClass())) {
            out.set(f.getName(), node(get(f, state), f.getGenericType()));
        }
        return out;
    }

    static <T> T fromTree(JsonNode tree, Class<T> type) throws IOException {
        if (!tree.isObject()) {
            throw new IOException("expected a JSON object for " + type.getSimpleName() + ", found " + tree.getNodeType());
        }
        T state;
        try {
            state = type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " needs a no-argument constructor", e);
        }
        for (Field f : FIELDS.get(type)) {
            JsonNode value = tree.get(f.getName());
            if (value != null && !value.isNull()) {
                try {
                    f.set(state, value(value, f.getGenericType(), f.getName()));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return state;
    }

    private static Object get(Field f, Object owner) {
        try {
            return f.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode node(Object value, Type type) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(node(item, typeArgument(type, 0))));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set((String) k, node(v, typeArgument(type, 1))));
            return object;
        }
        return toTree(value);
    }

    private static Object value(JsonNode node, Type type, String field) throws IOException {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (node.isNull() && !raw.isPrimitive()) {
            return null;
        }
        if (raw == String.class) {
            return expect(node, node.isTextual(), "a string", field).textValue();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return expect(node, node.isBoolean(), "true or false", field).booleanValue();
        }
        if (raw == int.class || raw == Integer.class) {
            return expect(node, node.canConvertToInt() && node.isIntegralNumber(), "an int", field).intValue();
        }
        if (raw == long.class || raw == Long.class) {
            return expect(node, node.canConvertToLong() && node.isIntegralNumber(), "a long", field).longValue();
        }
        if (raw == List.class || raw == Set.class) {
            expect(node, node.isArray(), "an array", field);
            Collection<Object> out = raw == List.class ? new ArrayList<>() : new LinkedHashSet<>();
            for (JsonNode item : node) {
                out.add(value(item, typeArgument(type, 0), field));
            }
            return out;
        }
        if (raw == Map.class) {
            expect(node, node.isObject(), "an object", field);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), value(e.getValue(), typeArgument(type, 1), field + "." + e.getKey()));
            }
            return out;
        }
        return fromTree(node, raw);
    }

    private static JsonNode expect(JsonNode node, boolean ok, String what, String field) throws IOException {
        if (!ok) {
            throw new IOException("field '" + field + "' should be " + what + ", found " + node.getNodeType());
        }
        return node;
    }

    private static Type typeArgument(Type type, int index) {
        Type[] args = ((ParameterizedType) type).getActualTypeArguments();
        return args[Math.min(index, args.length - 1)];
    }
}
