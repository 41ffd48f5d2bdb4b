package dev.autolog.bench;

import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * (a) JVM start-up with {@code -javaagent} versus none, on {@link Hello}; alternating pairs, medians: the whole
 * process, and from its launch to {@code main}. Arguments: {@code [pairs] [mlflow]}; with {@code mlflow} the tracking
 * URI is a loopback MLflow server (so the agent prepares its client at start-up) and each round also runs a JVM that
 * lives {@value #IDLE_MS} ms without training, for the CPU that costs. {@value MlflowThroughputBench#COMPARE_AGENT}
 * adds another agent jar to each round.
 */
public final class StartupBench {
    private static final int IDLE_MS = 3000;

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        boolean mlflow = args.length > 1 && args[1].equals("mlflow");
        String compare = System.getProperty(MlflowThroughputBench.COMPARE_AGENT);
        try (FakeMlflowServer server = mlflow ? FakeMlflowServer.start(true) : null) {
            List<String> jvmArgs = mlflow ? List.of("-Dautolog.tracking.uri=" + server.uri(),
                    "-Dautolog.mlflow.spool.dir=" + ChildJvm.tempStore()) : List.of("-Dautolog.tracking.uri=" + ChildJvm.tempStore());
            List<Path> agents = new ArrayList<>(List.of(ChildJvm.AGENT));
            if (compare != null) {
                agents.add(Path.of(compare));
            }
            List<List<Double>> whole = series(agents.size() + 1);
            List<List<Double>> toMain = series(agents.size() + 1);
            List<List<Double>> idleCpu = series(agents.size() + 1);
            for (int i = -1; i < pairs; i++) { // round -1 warms the disk cache
                for (int a = 0; a <= agents.size(); a++) {
                    List<String> withAgent = new ArrayList<>(jvmArgs);
                    if (a > 0) {
                        withAgent.add(0, "-javaagent:" + agents.get(a - 1));
                    }
                    long launch = System.currentTimeMillis();
                    ChildJvm.Outcome out = ChildJvm.run(false, withAgent, Hello.class.getName());
                    if (i >= 0) {
                        whole.get(a).add(out.nanos() / 1e6);
                        toMain.get(a).add((double) (Long.parseLong(out.stdout().trim()) - launch));
                    }
                    if (mlflow && i >= 0) {
                        String[] lines = ChildJvm.run(false, withAgent, Hello.class.getName(), Integer.toString(IDLE_MS))
                                .stdout().trim().split("\n");
                        idleCpu.get(a).add(Double.parseDouble(lines[1]));
                    }
                }
            }
            List<String> names = new ArrayList<>(List.of("without agent"));
            agents.forEach(p -> names.add(p.equals(ChildJvm.AGENT) ? "with agent" : "with " + p));
            System.out.printf("startup: %d pairs%s%n", pairs, mlflow ? ", tracking URI an MLflow server on loopback" : "");
            for (int a = 0; a <= agents.size(); a++) {
                System.out.printf("  %s: median whole process %.1f ms, launch to main %.1f ms%s%n", names.get(a),
                        ChildJvm.median(whole.get(a)), ChildJvm.median(toMain.get(a)), mlflow ? String.format(
                                ", CPU of a JVM idle for %d ms %.0f ms", IDLE_MS, ChildJvm.median(idleCpu.get(a))) : "");
            }
            double a = ChildJvm.median(whole.get(0));
            double b = ChildJvm.median(whole.get(1));
            System.out.printf("startup: %d pairs, median without agent %.1f ms, with agent %.1f ms, overhead %.1f ms"
                    + " (ratio %.2f)%n", pairs, a, b, b - a, b / a);
        }
    }

    private static List<List<Double>> series(int n) {
        List<List<Double>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        return out;
    }
}
