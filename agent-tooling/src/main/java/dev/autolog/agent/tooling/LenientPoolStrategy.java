package dev.autolog.agent.tooling;

import java.lang.reflect.Modifier;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Lazy type pools that stand in a bare public class for any type they cannot find. Framework methods often
 * mention optional dependencies that are absent at run time ({@code XGBoost.trainAndSaveCheckpoint} takes a Hadoop
 * {@code FileSystem}); with a plain pool Byte Buddy leaves such a method out, or fails the class, and its advice
 * is never applied. The stand-in only describes signatures (a reference type, one stack slot); it is never loaded.
 */
final class LenientPoolStrategy implements AgentBuilder.PoolStrategy {

    @Override
    public TypePool typePool(ClassFileLocator locator, ClassLoader loader) {
        return new TypePool.Default.WithLazyResolution(new StandInCache(), locator, TypePool.Default.ReaderMode.FAST);
    }

    @Override
    public TypePool typePool(ClassFileLocator locator, ClassLoader loader, String name) {
        return typePool(locator, loader);
    }

    /** Caches what the pool finds; what it cannot find is cached as a stand-in instead. */
    private static final class StandInCache implements TypePool.CacheProvider {
        private static final TypeDescription.Generic OBJECT =
                TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(Object.class);
        private final TypePool.CacheProvider cache = TypePool.CacheProvider.Simple.withObjectType();

        @Override
        public TypePool.Resolution find(String name) {
            return cache.find(name);
        }

        @Override
        public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
            return cache.register(name, resolution.isResolved() ? resolution
                    : new TypePool.Resolution.Simple(new TypeDescription.Latent(name, Modifier.PUBLIC, OBJECT)));
        }

        @Override
        public void clear() {
            cache.clear();
        }
    }
}
