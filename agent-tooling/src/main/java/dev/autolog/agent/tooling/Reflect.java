package dev.autolog.agent.tooling;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls public framework methods by name. The agent's class loader cannot see the frameworks' classes, so every call
 * is reflective; the method is looked up once per class, name and argument count. A {@code null} argument
 * selects the overload whose parameter is an array ({@code getFeatureScore(String[])}).
 */
public final class Reflect {
    /** Per class and method name, the method found for each argument count (null where none was looked up). */
    private static final ClassValue<Map<String, Method[]>> METHODS = new ClassValue<>() {
        @Override
        protected Map<String, Method[]> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Reflect() {
    }

    /**
     * Whether {@code target}'s class has a public method {@code name} taking {@code parameters} arguments: the
     * question a hook asks where framework versions or model types differ.
     */
    public static boolean hasMethod(Object target, String name, int parameters) {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == parameters) {
                return true;
            }
        }
        return false;
    }

    public static Object call(Object target, String name, Object... args) throws Exception {
        Class<?> type = target.getClass();
        Map<String, Method[]> methods = METHODS.get(type);
        Method[] byArity = methods.get(name);
        Method m = byArity != null && args.length < byArity.length ? byArity[args.length] : null;
        if (m == null) {
            Method found = find(type, name, args);
            methods.merge(name, arityTable(found, args.length), Reflect::merged);
            m = found;
        }
        return m.invoke(target, args);
    }

    private static Method[] arityTable(Method m, int arity) {
        Method[] table = new Method[arity + 1];
        table[arity] = m;
        return table;
    }

    private static Method[] merged(Method[] known, Method[] found) {
        Method[] table = Arrays.copyOf(known, Math.max(known.length, found.length));
        for (int i = 0; i < found.length; i++) {
            if (found[i] != null) {
                table[i] = found[i];
            }
        }
        return table;
    }

    /** Calls a public static method of a class that {@code loader} holds. */
    public static Object callStatic(ClassLoader loader, String className, String name, Object... args)
            throws Exception {
        Class<?> type = Class.forName(className, false, loader);
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == args.length
                    && accepts(m, args)) {
                return m.invoke(null, args);
            }
        }
        throw new NoSuchMethodException(className + "." + name + " with " + args.length + " arguments");
    }

    /**
     * The method as declared by a public class or interface: a user's class implementing a framework interface
     * ({@code IEvaluation}) is often not public itself, and its methods cannot be called through it.
     */
    private static Method find(Class<?> type, String name, Object[] args) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Method m = publicMethod(c, name, args);
            if (m != null) {
                return m;
            }
            for (Class<?> i : c.getInterfaces()) {
                m = publicMethod(i, name, args);
                if (m != null) {
                    return m;
                }
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name + " with " + args.length + " arguments");
    }

    private static Method publicMethod(Class<?> type, String name, Object[] args) {
        if (!Modifier.isPublic(type.getModifiers())) {
            return null;
        }
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length && accepts(m, args)) {
                return m;
            }
        }
        return null;
    }

    private static boolean accepts(Method m, Object[] args) {
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null ? !types[i].isArray() : !wrap(types[i]).isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> wrap(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return c == int.class ? Integer.class : c == long.class ? Long.class : c == boolean.class ? Boolean.class
                : c == float.class ? Float.class : c == double.class ? Double.class : Object.class;
    }
}
