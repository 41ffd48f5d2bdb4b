package dev.autolog.integration.djl;

import dev.autolog.agent.tooling.ClassFiles;
import dev.autolog.agent.tooling.FrameworkVersion;

/** Which DJL a class loader holds, and whether it has what the hooks touch. Checked from class files only. */
final class DjlVersions {
    static final String SUPPORTED = "0.36.0, tested; 0.38.0 has the same API";
    private static final String VERSION_FILE = "ai/djl/engine/api.properties";

    private DjlVersions() {
    }

    static String check(ClassLoader loader) {
        ClassFiles classes = ClassFiles.of(loader);
        if (!classes.hasType(DjlIntegration.TRAINER)) {
            return null; // a DJL module without the api one: nothing here to instrument
        }
        if (!classes.declares(DjlIntegration.EASY_TRAIN, "fit", 4)
                || !classes.declares(DjlIntegration.EASY_TRAIN, "trainBatch", 2)
                || !classes.declares(DjlIntegration.EVALUATOR_LISTENER, "getLatestEvaluations", 0)
                || !classes.declares(DjlIntegration.TRAINER, "getTrainingResult", 0)) {
            return "ai.djl:api " + described(version(loader)) + " lacks EasyTrain.fit(Trainer, int, Dataset, Dataset), "
                    + "EasyTrain.trainBatch or the training results of its listeners (supported: " + SUPPORTED + ")";
        }
        return null;
    }

    private static String described(String version) {
        return FrameworkVersion.UNKNOWN.equals(version)
                ? "of an old line (no " + VERSION_FILE + ")" : version;
    }

    /** {@code djl_version} of DJL's own version file (older lines have none: "unknown"). */
    static String version(ClassLoader loader) {
        return FrameworkVersion.ofProperty(loader, VERSION_FILE, "djl_version");
    }
}
