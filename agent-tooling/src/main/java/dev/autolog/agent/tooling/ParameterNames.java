package dev.autolog.agent.tooling;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * The source names of a method's parameters. Reflection knows them only for classes compiled with
 * {@code -parameters}; older jars (Smile 2.x/3.x) keep them in the debug LocalVariableTable, which a type pool in
 * extended mode reads from the class file. A parameter with no recorded name is {@code arg<i>}.
 */
public final class ParameterNames {
    private static final Map<Method, String[]> CACHE = new ConcurrentHashMap<>();

    private ParameterNames() {
    }

    public static String[] of(Method method) {
        return CACHE.computeIfAbsent(method, ParameterNames::read);
    }

    private static String[] read(Method method) {
        String[] names = new String[method.getParameterCount()];
        java.lang.reflect.Parameter[] reflected = method.getParameters();
        for (int i = 0; i < names.length; i++) {
            names[i] = reflected[i].isNamePresent() ? reflected[i].getName() : null;
        }
        if (names.length > 0 && names[0] == null) {
            fromClassFile(method, names);
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null) {
                names[i] = "arg" + i;
            }
        }
        return names;
    }

    private static void fromClassFile(Method method, String[] names) {
        Class<?> type = method.getDeclaringClass();
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(type.getClassLoader());
        TypePool pool = new TypePool.Default(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.EXTENDED);
        TypePool.Resolution resolution = pool.describe(type.getName());
        if (!resolution.isResolved()) {
            return;
        }
        MethodDescription.ForLoadedMethod loaded = new MethodDescription.ForLoadedMethod(method);
        for (MethodDescription.InDefinedShape m : resolution.resolve().getDeclaredMethods()) {
            if (m.getName().equals(method.getName()) && m.getDescriptor().equals(loaded.getDescriptor())) {
                int i = 0;
                for (ParameterDescription.InDefinedShape p : m.getParameters()) {
                    if (p.isNamed()) {
                        names[i] = p.getName();
                    }
                    i++;
                }
                return;
            }
        }
    }
}
