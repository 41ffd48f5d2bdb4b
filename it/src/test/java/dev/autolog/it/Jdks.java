package dev.autolog.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds another installed JDK by feature version: {@code JAVA<N>_HOME}, else a JDK under /usr/lib/jvm. */
final class Jdks {

    private Jdks() {
    }

    /** An installed JDK 25; the calling test is skipped when there is none. */
    static Path jdk25OrSkip() {
        Path jdk = find(25).orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(jdk != null, "no JDK 25 installed");
        return jdk;
    }

    /** An agent run on JDK 25 that printed no agent error and none of the JDK's {@code sun.misc.Unsafe} warnings. */
    static void assertCleanOnJava25(ForkedJvm.Result result) {
        StoreAssertions.assertNoAgentErrors(result);
        org.junit.jupiter.api.Assertions.assertFalse(result.stderr().contains("sun.misc.Unsafe"), result::toString);
    }

    static Optional<Path> find(int feature) {
        String env = System.getenv("JAVA" + feature + "_HOME");
        if (env != null && isJdk(Path.of(env), feature)) {
            return Optional.of(Path.of(env));
        }
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/jvm"))) {
            return dirs.filter(d -> isJdk(d, feature)).sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isJdk(Path home, int feature) {
        try {
            return Files.isExecutable(home.resolve("bin/java")) && Files.readAllLines(home.resolve("release")).stream()
                    .anyMatch(l -> l.startsWith("JAVA_VERSION=\"" + feature + ".")
                            || l.equals("JAVA_VERSION=\"" + feature + "\""));
        } catch (IOException e) {
            return false;
        }
    }
}
