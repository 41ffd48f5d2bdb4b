package dev.autolog.it;

import java.nio.file.Path;
import java.util.List;

/** A forked JVM with one Spark line's class path, opened up as {@code spark-submit} would on JDK 17. */
final class SparkJvm {
    static final Path CLASSPATHS = Path.of(System.getProperty("autolog.spark.classpaths"));
    /** Spark's own {@code JavaModuleOptions}: what {@code spark-submit} adds on JDK 17. */
    static final List<String> MODULE_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false");

    private SparkJvm() {
    }

    /** The directory holding every jar of Spark {@code version} and its runtime dependencies. */
    static Path classPath(String version) {
        return CLASSPATHS.resolve("spark-" + version).resolve("target/classpath");
    }

    static ForkedJvm with(String version) {
        return ForkedJvm.withClassPathDir(classPath(version)).jvmArgs(MODULE_OPTIONS);
    }
}
