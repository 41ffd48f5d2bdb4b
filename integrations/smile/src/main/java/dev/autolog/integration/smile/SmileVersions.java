package dev.autolog.integration.smile;

import dev.autolog.agent.tooling.ClassFiles;
import dev.autolog.agent.tooling.FrameworkVersion;

/** Which Smile a class loader holds, and whether it is a line the hooks were built and tested for. */
final class SmileVersions {
    static final String SUPPORTED = "2.x, 3.x, 4.x, 5.x and 6.x";

    private SmileVersions() {
    }

    static String check(ClassLoader loader) {
        String version = version(loader);
        if (!version.equals(FrameworkVersion.UNKNOWN) && !supported(version)) {
            return "smile " + version + " is not a supported version line (supported: " + SUPPORTED + ")";
        }
        if (!ClassFiles.of(loader).hasType("smile.classification.Classifier")) {
            return "smile " + version + " lacks smile.classification.Classifier (supported: " + SUPPORTED + ")";
        }
        return null;
    }

    static String version(ClassLoader loader) {
        return FrameworkVersion.ofManifest(loader, "smile-core");
    }

    private static boolean supported(String version) {
        int dot = version.indexOf('.');
        String major = dot < 0 ? version : version.substring(0, dot);
        return major.length() == 1 && major.charAt(0) >= '2' && major.charAt(0) <= '6';
    }
}
