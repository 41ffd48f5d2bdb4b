package dev.autolog.integration.dl4j;

import dev.autolog.agent.tooling.ClassFiles;
import dev.autolog.agent.tooling.FrameworkVersion;

/** Which DL4J a class loader holds, and whether it has what the hooks touch. Checked from class files only. */
final class Dl4jVersions {
    static final String SUPPORTED = "1.0.0-beta7 to 1.0.0-M2.1";
    private static final String POM = "META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties";

    private Dl4jVersions() {
    }

    static String check(ClassLoader loader) {
        ClassFiles classes = ClassFiles.of(loader);
        if (!classes.hasType(Dl4jIntegration.MULTI_LAYER)) {
            return null; // another DL4J module without the nn one: nothing here to instrument
        }
        String version = version(loader);
        if (!classes.declares(Dl4jIntegration.OPTIMIZER, "incrementIterationCount", 2)
                || !classes.declares(Dl4jIntegration.MULTI_LAYER, "incrementEpochCount", 0)
                || !classes.declares(Dl4jIntegration.GRAPH, "getIterationCount", 0)) {
            return "deeplearning4j-nn " + version + " lacks BaseOptimizer.incrementIterationCount(Model, int) or the "
                    + "networks' iteration and epoch counts (supported: " + SUPPORTED + ")";
        }
        return null;
    }

    static String version(ClassLoader loader) {
        return FrameworkVersion.of(loader, POM);
    }
}
