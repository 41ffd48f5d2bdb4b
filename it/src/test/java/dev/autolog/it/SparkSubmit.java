package dev.autolog.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code spark-submit}, as {@code bin/spark-submit} runs it: Spark's launcher turns the arguments (including
 * {@code --driver-java-options} and {@code spark.driver.extraJavaOptions}) into the driver's java command, which
 * is then run.
 */
final class SparkSubmit {

    private SparkSubmit() {
    }

    static ForkedJvm.Result run(Path sparkHome, String version, Path workDir, List<String> args) throws Exception {
        return run(sparkHome, version, workDir, 180, args);
    }

    static ForkedJvm.Result run(Path sparkHome, String version, Path workDir, long seconds, List<String> args)
            throws Exception {
        List<String> launcher = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", sparkHome.resolve("jars") + "/*", "org.apache.spark.launcher.Main",
                "org.apache.spark.deploy.SparkSubmit"));
        launcher.addAll(args);
        List<String> command = new ArrayList<>();
        for (String part : new String(start(launcher, sparkHome, version, workDir, null).getInputStream()
                .readAllBytes(), StandardCharsets.UTF_8).split("\0")) {
            if (!part.isBlank()) {
                command.add(part.strip());
            }
        }
        Path out = Files.createTempFile(workDir, "submit", ".out");
        Path err = Files.createTempFile(workDir, "submit", ".err");
        Process driver = start(command, sparkHome, version, workDir, new Path[] {out, err});
        if (!driver.waitFor(seconds, TimeUnit.SECONDS)) {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
            throw new AssertionError("spark-submit timed out: " + command);
        }
        return new ForkedJvm.Result(driver.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Process start(List<String> cmd, Path sparkHome, String version, Path workDir, Path[] outErr)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().putAll(StandaloneCluster.env(sparkHome, version));
        if (outErr != null) {
            // no input, as in a batch job: a shell (spark-shell -i) ends after its script
            pb.redirectOutput(outErr[0].toFile()).redirectError(outErr[1].toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        } else {
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        return pb.start();
    }
}
