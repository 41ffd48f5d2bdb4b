package dev.autolog.hook;

import java.lang.reflect.Method;

/** JVM method descriptors, e.g. {@code (ILjava/lang/String;)V}. */
final class Descriptors {

    private Descriptors() {
    }

    static String of(Method m) {
        StringBuilder sb = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) {
            sb.append(of(p));
        }
        return sb.append(')').append(of(m.getReturnType())).toString();
    }

    static String of(Class<?> c) {
        if (c.isArray()) {
            return c.getName().replace('.', '/');
        }
        if (!c.isPrimitive()) {
            return "L" + c.getName().replace('.', '/') + ";";
        }
        if (c == void.class) {
            return "V";
        } else if (c == boolean.class) {
            return "Z";
        } else if (c == byte.class) {
            return "B";
        } else if (c == char.class) {
            return "C";
        } else if (c == short.class) {
            return "S";
        } else if (c == int.class) {
            return "I";
        } else if (c == long.class) {
            return "J";
        } else if (c == float.class) {
            return "F";
        }
        return "D";
    }
}
