package dev.autolog.agent.tooling;

import java.util.List;

/**
 * One framework (or one version line of it) that autolog instruments. Found with {@link java.util.ServiceLoader}
 * in the agent's class loader; skipped entirely when {@code autolog.integration.<name>.enabled=false}.
 */
public interface Integration {

    /** The configuration name, e.g. {@code xgboost}. */
    String name();

    /** Registers the integration's {@link dev.autolog.hook.Hook}s under the ids its instrumentations use. */
    void registerHooks();

    List<TypeInstrumentation> typeInstrumentations();

    /**
     * Internal-name prefixes ({@code ml/dmlc/xgboost4j/}) of the classes this integration instruments: Byte Buddy
     * starts only when a class with one of them is loaded.
     */
    List<String> classNamePrefixes();

    /**
     * Byte strings (descriptors such as {@code Lorg/apache/spark/sql/Dataset;}) one of which every class file that an
     * {@link TypeInstrumentation#anyPackage} instrumentation may change contains: classes outside
     * {@link #classNamePrefixes} without one are never described or matched.
     */
    default List<String> classFileMarkers() {
        return List.of();
    }

    /**
     * Checks, without loading classes, that a class loader holds the classes and methods this integration
     * touches. Returns null when it does, otherwise why not (said once as a warning, and the loader is skipped).
     */
    String checkLoader(ClassLoader loader);
}
