package dev.autolog.agent.tooling;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/** What a class loader holds, read from class files without loading (and so initialising) any class. */
public final class ClassFiles {
    private final TypePool pool;

    private ClassFiles(ClassLoader loader) {
        this.pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(loader));
    }

    public static ClassFiles of(ClassLoader loader) {
        return new ClassFiles(loader);
    }

    public boolean hasType(String name) {
        return pool.describe(name).isResolved();
    }

    /** True when {@code type} exists and declares a method {@code name} with {@code arity} parameters. */
    public boolean declares(String type, String name, int arity) {
        TypePool.Resolution resolution = pool.describe(type);
        if (!resolution.isResolved()) {
            return false;
        }
        for (MethodDescription.InDefinedShape m : resolution.resolve().getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getParameters().size() == arity) {
                return true;
            }
        }
        return false;
    }
}
