package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.ClassFiles;
import dev.autolog.agent.tooling.FrameworkVersion;

/** Which Spark MLlib a class loader holds, and whether it is a line the hooks were built and tested for. */
final class SparkVersions {
    static final String SUPPORTED = "3.5.x and 4.x";
    private static final String PARAM_MAP = "org.apache.spark.ml.param.ParamMap";
    private static final String[] POM_PROPERTIES = {
        "META-INF/maven/org.apache.spark/spark-mllib_2.13/pom.properties",
        "META-INF/maven/org.apache.spark/spark-mllib_2.12/pom.properties",
    };

    private SparkVersions() {
    }

    /** Null also for a loader without MLlib: its Spark tasks are still marked, which needs nothing version-bound. */
    static String check(ClassLoader loader) {
        ClassFiles classes = ClassFiles.of(loader);
        if (!classes.hasType(PARAM_MAP)) {
            return null;
        }
        String version = version(loader);
        if (!version.equals(FrameworkVersion.UNKNOWN) && !version.startsWith("3.5.") && !version.startsWith("4.")) {
            return "spark-mllib " + version + " is not a supported version line (supported: " + SUPPORTED + ")";
        }
        if (!classes.declares(PARAM_MAP, "toList", 0) || !classes.declares(SparkIntegration.ESTIMATOR, "fit", 1)) {
            return "spark-mllib " + version + " lacks ParamMap.toList or Estimator.fit(Dataset) (supported: "
                    + SUPPORTED + ")";
        }
        return null;
    }

    static String version(ClassLoader loader) {
        return FrameworkVersion.of(loader, POM_PROPERTIES);
    }
}
