package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.ClassFiles;
import dev.autolog.agent.tooling.FrameworkVersion;
import dev.autolog.logging.Diagnostics;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether a class loader's SynapseML LightGBM is the line the LightGBM hooks were built and tested for. Another
 * line's fits are tracked as any Spark estimator's (params, the Spark model) without LightGBM's own iterations,
 * importances and native model, said once as a warning.
 */
final class LightGbmVersions {
    static final String SUPPORTED = "1.0.x";
    private static final String TITLE = "synapseml-lightgbm";
    private static final Map<ClassLoader, Boolean> VERDICTS = new WeakHashMap<>();

    private LightGbmVersions() {
    }

    static boolean supported(ClassLoader loader) {
        if (loader == null) {
            return false;
        }
        synchronized (VERDICTS) {
            return VERDICTS.computeIfAbsent(loader, l -> {
                String problem = check(l);
                if (problem != null) {
                    Diagnostics.warnOnce("spark.lightgbm:" + problem, "spark autologging of SynapseML LightGBM "
                            + "skipped: " + problem + "; its fits are tracked as other Spark estimators' are");
                }
                return problem == null;
            });
        }
    }

    /** Null when supported, otherwise why not. */
    static String check(ClassLoader loader) {
        String version = FrameworkVersion.ofManifest(loader, TITLE);
        if (!version.equals(FrameworkVersion.UNKNOWN) && !version.startsWith("1.0.")) {
            return TITLE + " " + version + " is not a supported version line (supported: " + SUPPORTED + ")";
        }
        if (!ClassFiles.of(loader).declares(SparkIntegration.LIGHTGBM_TRAIN_UTILS, "afterTrainIteration", 4)) {
            return TITLE + " " + version + " lacks TrainUtils.afterTrainIteration with 4 parameters (supported: "
                    + SUPPORTED + ")";
        }
        return null;
    }
}
