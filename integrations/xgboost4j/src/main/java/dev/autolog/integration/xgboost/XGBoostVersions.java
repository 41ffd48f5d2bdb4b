package dev.autolog.integration.xgboost;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Which XGBoost4J a class loader holds, and whether it has what the hooks touch. Checked from class files
 * (a type pool), never by loading classes.
 */
final class XGBoostVersions {
    private static final String[] POM_PROPERTIES = {
        "META-INF/maven/ml.dmlc/xgboost4j_2.12/pom.properties",
        "META-INF/maven/ml.dmlc/xgboost4j_2.13/pom.properties",
        "META-INF/maven/ml.dmlc/xgboost4j/pom.properties",
        "META-INF/maven/ml.dmlc/xgboost4j-spark_2.12/pom.properties",
    };
    static final String SUPPORTED = "1.7.x, 2.x and 3.0.x";
    private static final Map<ClassLoader, String> VERSIONS = new WeakHashMap<>();

    private XGBoostVersions() {
    }

    static String check(ClassLoader loader) {
        String version = version(loader);
        TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(loader));
        TypePool.Resolution xgb = pool.describe(XGBoostIntegration.XGBOOST);
        TypePool.Resolution booster = pool.describe(XGBoostIntegration.BOOSTER);
        if (!xgb.isResolved() || !booster.isResolved()) {
            return "xgboost4j " + version + " has no " + XGBoostIntegration.XGBOOST + " or Booster class";
        }
        if (!has(xgb, "trainAndSaveCheckpoint", 12)) {
            return "xgboost4j " + version + " has no XGBoost.trainAndSaveCheckpoint with 12 parameters (supported: "
                    + SUPPORTED + ")";
        }
        if (!has(booster, "evalSet", 3) || !has(booster, "toByteArray", 1) || !has(booster, "getAttr", 1)) {
            return "xgboost4j " + version + " lacks Booster.evalSet, toByteArray(String) or getAttr (supported: "
                    + SUPPORTED + ")";
        }
        return null;
    }

    private static boolean has(TypePool.Resolution type, String method, int arity) {
        for (MethodDescription.InDefinedShape m : type.resolve().getDeclaredMethods()) {
            if (m.getName().equals(method) && m.getParameters().size() == arity) {
                return true;
            }
        }
        return false;
    }

    /** The version from the jar's Maven metadata, or "unknown". */
    static String version(ClassLoader loader) {
        synchronized (VERSIONS) {
            return VERSIONS.computeIfAbsent(loader, XGBoostVersions::readVersion);
        }
    }

    private static String readVersion(ClassLoader loader) {
        if (loader == null) {
            return "unknown";
        }
        for (String resource : POM_PROPERTIES) {
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    return p.getProperty("version", "unknown");
                }
            } catch (IOException e) {
                // try the next one
            }
        }
        return "unknown";
    }
}
