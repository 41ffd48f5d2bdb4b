package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.ClassFiles;
import dev.autolog.agent.tooling.FrameworkVersion;

/** Which Tribuo a class loader holds, and whether it is a line the hooks were built and tested for. */
final class TribuoVersions {
    static final String SUPPORTED = "4.2.x and 4.3.x";
    private static final String POM = "META-INF/maven/org.tribuo/tribuo-core/pom.properties";
    private static final String PROVENANCE_UTIL = "com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil";

    private TribuoVersions() {
    }

    static String check(ClassLoader loader) {
        String version = version(loader);
        if (!version.equals(FrameworkVersion.UNKNOWN) && !version.startsWith("4.2.") && !version.startsWith("4.3.")) {
            return "tribuo " + version + " is not a supported version line (supported: " + SUPPORTED + ")";
        }
        ClassFiles classes = ClassFiles.of(loader);
        if (!classes.declares(TribuoIntegration.EVALUATOR, "evaluate", 3)
                || !classes.declares(PROVENANCE_UTIL, "convertToMap", 1)) {
            return "tribuo " + version + " lacks AbstractEvaluator.evaluate(Model, List, DataProvenance) or OLCUT's "
                    + "ProvenanceUtil.convertToMap (supported: " + SUPPORTED + ")";
        }
        return null;
    }

    static String version(ClassLoader loader) {
        return FrameworkVersion.of(loader, POM);
    }
}
