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
