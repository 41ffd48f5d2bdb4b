package dev.autolog.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone cluster on loopback: a master and one worker, each its own JVM started from the Maven Central
 * jars of one Spark line, under a Spark home that is only a {@code jars} link and a {@code RELEASE} marker (what
 * Spark's launcher looks for). {@link #close} stops both and everything the worker started.
 */
final class StandaloneCluster implements AutoCloseable {
    private final Path home;
    private final List<Process> processes = new ArrayList<>();
    private final int port;

    private StandaloneCluster(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** A Spark home in {@code dir} for {@code version}: what spark-submit's launcher needs, and no cluster yet. */
    static Path sparkHome(Path dir, String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        if (!Files.exists(home.resolve("jars"))) {
            Files.createSymbolicLink(home.resolve("jars"), SparkJvm.classPath(version));
            Files.writeString(home.resolve("RELEASE"), "Spark " + version + " (jars from Maven Central)\n");
        }
        return home;
    }

    static Map<String, String> env(Path home, String version) {
        return Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", version.startsWith("3.") ? "2.12" : "2.13",
                "SPARK_LOCAL_IP", "127.0.0.1", "JAVA_HOME", System.getProperty("java.home"));
    }

    static StandaloneCluster start(Path dir, String version) throws Exception {
        Path home = sparkHome(dir, version);
        StandaloneCluster cluster = new StandaloneCluster(home, freePort());
        try {
            Path masterLog = dir.resolve("master.log");
            cluster.launch(version, masterLog, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(cluster.port), "--webui-port", String.valueOf(freePort()));
            cluster.launch(version, dir.resolve("worker.log"), "org.apache.spark.deploy.worker.Worker", "--host",
                    "127.0.0.1", "--webui-port", String.valueOf(freePort()), "--cores", "2", "--memory", "2g",
                    "--work-dir", Files.createDirectories(dir.resolve("work")).toString(), cluster.url());
            awaitLine(masterLog, "Registering worker", Duration.ofSeconds(60));
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    String url() {
        return "spark://127.0.0.1:" + port;
    }

    Path workDir() {
        return home.getParent().resolve("work");
    }

    private void launch(String version, Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", SparkJvm.classPath(version) + "/*"));
        cmd.addAll(SparkJvm.MODULE_OPTIONS);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env(home, version));
        processes.add(pb.start());
    }

    /** Waits until {@code log} has a line containing {@code text}. */
    static void awaitLine(Path log, String text, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + text + "' in " + log + " after " + timeout + ":\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops the worker's drivers and executors, then the worker and the master. */
    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroy();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }
}
