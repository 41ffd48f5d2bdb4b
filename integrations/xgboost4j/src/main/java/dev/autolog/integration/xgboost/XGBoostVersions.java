package dev.autolog.integration.xgboost;

import dev.autolog.agent.tooling.ClassFiles;
import dev.autolog.agent.tooling.FrameworkVersion;

/**
 * Which XGBoost4J a class loader holds, and whether it has what the hooks touch. Checked from class files,
 * never by loading classes.
 */
final class XGBoostVersions {
    private static final String[] POM_PROPERTIES = {
        "META-INF/maven/ml.dmlc/xgboost4j_2.12/pom.properties",
        "META-INF/maven/ml.dmlc/xgboost4j_2.13/pom.properties",
        "META-INF/maven/ml.dmlc/xgboost4j/pom.properties",
        "META-INF/maven/ml.dmlc/xgboost4j-spark_2.12/pom.properties",
    };
    static final String SUPPORTED = "1.7.x, 2.x and 3.0.x";

    private XGBoostVersions() {
    }

    static String check(ClassLoader loader) {
        String version = version(loader);
        ClassFiles classes = ClassFiles.of(loader);
        String xgb = XGBoostIntegration.XGBOOST;
        String booster = XGBoostIntegration.BOOSTER;
        if (!classes.hasType(xgb) || !classes.hasType(booster)) {
            return "xgboost4j " + version + " has no " + xgb + " or Booster class";
        }
        if (!classes.declares(xgb, "trainAndSaveCheckpoint", 12)) {
            return "xgboost4j " + version + " has no XGBoost.trainAndSaveCheckpoint with 12 parameters (supported: "
                    + SUPPORTED + ")";
        }
        if (!classes.declares(booster, "evalSet", 3) || !classes.declares(booster, "toByteArray", 1)
                || !classes.declares(booster, "getAttr", 1)) {
            return "xgboost4j " + version + " lacks Booster.evalSet, toByteArray(String) or getAttr (supported: "
                    + SUPPORTED + ")";
        }
        return null;
    }

    /** The version from the jar's Maven metadata, or "unknown". */
    static String version(ClassLoader loader) {
        return FrameworkVersion.of(loader, POM_PROPERTIES);
    }
}
