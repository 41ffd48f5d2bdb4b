package dev.autolog.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs a main class of this jar in a new JVM, optionally with the agent, and reports wall time and output. */
final class ChildJvm {
    static final Path AGENT = Path.of(System.getProperty("autolog.bench.agent", "agent/target/autolog-agent.jar"));

    private ChildJvm() {
    }

    record Outcome(long nanos, String stdout) {
    }

    static Outcome run(boolean withAgent, List<String> jvmArgs, String mainClass, String... args)
            throws IOException, InterruptedException {
        return runWithClassPath(withAgent, jvmArgs, System.getProperty("java.class.path"), Map.of(), mainClass, args);
    }

    /**
     * As {@link #run(boolean, List, String, String...)} with another class path (a framework's jars added) and
     * extra environment variables.
     */
    static Outcome runWithClassPath(boolean withAgent, List<String> jvmArgs, String classPath, Map<String, String> env,
                                    String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (withAgent) {
            cmd.add("-javaagent:" + AGENT);
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("child failed: " + cmd);
        }
        return new Outcome(System.nanoTime() - start, out);
    }

    /**
     * Wall-time medians (ms) of a training workload, without and with the agent: {@code pairs} alternating child
     * JVMs, each printing its own median training time as its last line.
     */
    static double[] trainingMedians(int pairs, List<String> jvmArgs, String classPath, Map<String, String> env,
                                    String workload) throws IOException, InterruptedException {
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            without.add(lastLine(runWithClassPath(false, jvmArgs, classPath, env, workload)));
            with.add(lastLine(runWithClassPath(true, jvmArgs, classPath, env, workload)));
            printRound(i, without, with);
        }
        return new double[] {median(without), median(with)};
    }

    /** One line per round with each series' latest value (ms), so the spread behind a median can be read. */
    @SafeVarargs
    static void printRound(int round, List<Double>... series) {
        StringBuilder line = new StringBuilder("round " + round + ":");
        for (List<Double> s : series) {
            line.append(String.format(" %.1f", s.get(s.size() - 1)));
        }
        System.out.println(line.append(" ms"));
    }

    private static double lastLine(Outcome outcome) {
        String out = outcome.stdout().trim();
        return Double.parseDouble(out.substring(out.lastIndexOf('\n') + 1));
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String tempStore() throws IOException {
        File dir = java.nio.file.Files.createTempDirectory("autolog-bench").toFile();
        return new File(dir, "mlruns").getPath();
    }
}
