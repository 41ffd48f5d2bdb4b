package dev.autolog.integration.xgboost;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Universal Binary JSON (the {@code ubj} model format XGBoost writes) into maps, lists, strings, numbers,
 * booleans and nulls. The optimised typed, counted arrays XGBoost writes for its trees become primitive arrays
 * ({@code int[]}, {@code float[]}, ...), so reading a large model creates few objects.
 */
final class UbjReader {
    private static final int NO_TYPE = -1;
    private final ByteBuffer in;

    private UbjReader(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes); // UBJSON is big-endian, ByteBuffer's default
    }

    static Object read(byte[] bytes) {
        UbjReader reader = new UbjReader(bytes);
        return reader.value(reader.in.get());
    }

    private Object value(int marker) {
        switch (marker) {
            case 'Z':
                return null;
            case 'T':
                return Boolean.TRUE;
            case 'F':
                return Boolean.FALSE;
            case 'S':
            case 'H':
                return string();
            case 'C':
                return (char) in.get();
            case '[':
                return array();
            case '{':
                return object();
            default:
                return number(marker);
        }
    }

    private Number number(int marker) {
        switch (marker) {
            case 'i':
                return in.get();
            case 'U':
                return in.get() & 0xff;
            case 'I':
                return in.getShort();
            case 'l':
                return in.getInt();
            case 'L':
                return in.getLong();
            case 'd':
                return in.getFloat();
            case 'D':
                return in.getDouble();
            default:
                throw new IllegalArgumentException("unknown UBJSON marker '" + (char) marker + "' at " + (in.position() - 1));
        }
    }

    private String string() {
        int length = Math.toIntExact(number(in.get()).longValue());
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Typed counted arrays (XGBoost's tree arrays) become primitive arrays; others become lists. */
    private Object array() {
        int type = optionalType();
        long count = optionalCount();
        if (type != NO_TYPE && count >= 0) {
            Object primitive = primitiveArray(type, Math.toIntExact(count));
            if (primitive != null) {
                return primitive;
            }
        }
        List<Object> out = new ArrayList<>(count >= 0 ? (int) Math.min(count, 1 << 20) : 16);
        if (count >= 0) {
            for (long i = 0; i < count; i++) {
                out.add(type == NO_TYPE ? value(in.get()) : value(type));
            }
            return out;
        }
        for (int marker = in.get(); marker != ']'; marker = in.get()) {
            out.add(value(marker));
        }
        return out;
    }

    private Object primitiveArray(int type, int count) {
        switch (type) {
            case 'l': {
                int[] a = new int[count];
                in.asIntBuffer().get(a);
                in.position(in.position() + 4 * count);
                return a;
            }
            case 'd': {
                float[] a = new float[count];
                in.asFloatBuffer().get(a);
                in.position(in.position() + 4 * count);
                return a;
            }
            case 'L': {
                long[] a = new long[count];
                in.asLongBuffer().get(a);
                in.position(in.position() + 8 * count);
                return a;
            }
            case 'D': {
                double[] a = new double[count];
                in.asDoubleBuffer().get(a);
                in.position(in.position() + 8 * count);
                return a;
            }
            case 'U':
            case 'i': {
                byte[] a = new byte[count];
                in.get(a);
                return a;
            }
            default:
                return null;
        }
    }

    private Map<String, Object> object() {
        int type = optionalType();
        long count = optionalCount();
        Map<String, Object> out = new LinkedHashMap<>();
        if (count >= 0) {
            for (long i = 0; i < count; i++) {
                String key = string();
                out.put(key, type == NO_TYPE ? value(in.get()) : value(type));
            }
            return out;
        }
        while (in.get(in.position()) != '}') {
            String key = string();
            out.put(key, value(in.get()));
        }
        in.get();
        return out;
    }

    private int optionalType() {
        if (in.get(in.position()) == '$') {
            in.get();
            return in.get();
        }
        return NO_TYPE;
    }

    private long optionalCount() {
        if (in.get(in.position()) == '#') {
            in.get();
            return number(in.get()).longValue();
        }
        return -1;
    }
}
