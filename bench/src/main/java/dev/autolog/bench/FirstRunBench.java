package dev.autolog.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the first run of a fresh JVM costs the application's thread ({@link FirstRun}, local store): medians over
 * rounds of the time in its first {@code startRun} and first {@code logMetric}, against its second
 * {@code startRun} (warm) in the same JVM, with the agent and, through
 * {@value MlflowThroughputBench#COMPARE_AGENT}, another agent jar in the same rounds (which one goes first alternates).
 * Arguments: {@code [rounds] [milliseconds before the run starts]}.
 */
public final class FirstRunBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String delay = args.length > 1 ? args[1] : "500";
        List<Path> agents = new ArrayList<>(List.of(ChildJvm.AGENT));
        String compare = System.getProperty(MlflowThroughputBench.COMPARE_AGENT);
        if (compare != null) {
            agents.add(Path.of(compare));
        }
        List<List<Double>> startRun = new ArrayList<>();
        List<List<Double>> logMetric = new ArrayList<>();
        List<List<Double>> secondRun = new ArrayList<>();
        agents.forEach(a -> {
            startRun.add(new ArrayList<>());
            logMetric.add(new ArrayList<>());
            secondRun.add(new ArrayList<>());
        });
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < agents.size(); i++) {
                int a = (r + i) % agents.size();
                List<String> jvmArgs = List.of("-javaagent:" + agents.get(a),
                        "-Dautolog.tracking.uri=" + ChildJvm.tempStore());
                String[] micros = ChildJvm.run(false, jvmArgs, FirstRun.class.getName(), delay).stdout().trim()
                        .split("\n");
                String[] last = micros[micros.length - 1].split(" ");
                startRun.get(a).add(Double.parseDouble(last[0]) / 1000);
                logMetric.get(a).add(Double.parseDouble(last[1]) / 1000);
                secondRun.get(a).add(Double.parseDouble(last[2]) / 1000);
            }
        }
        System.out.printf(Locale.ROOT, "first run of a fresh JVM, %d rounds, started %s ms after main:%n", rounds, delay);
        for (int a = 0; a < agents.size(); a++) {
            double first = ChildJvm.median(startRun.get(a));
            double second = ChildJvm.median(secondRun.get(a));
            System.out.printf(Locale.ROOT, "  %s: first startRun %.1f ms (%.1fx the second's %.2f ms), first logMetric"
                    + " %.2f ms (medians)%n", agents.get(a), first, first / second, second,
                    ChildJvm.median(logMetric.get(a)));
        }
        if (agents.size() > 1) {
            System.out.printf(Locale.ROOT, "first startRun: %.2fx the other agent's%n",
                    ChildJvm.median(startRun.get(0)) / ChildJvm.median(startRun.get(1)));
        }
    }
}
