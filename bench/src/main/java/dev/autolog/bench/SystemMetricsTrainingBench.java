package dev.autolog.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * XGBoost ({@link TrainingWorkload}) and DL4J ({@link Dl4jTrainingWorkload}) training wall time without the agent,
 * with the agent, and with the agent and system metrics on at {@code interval} (default 100ms, the shortest
 * accepted: the most samples a training can get): three alternating child JVMs per round, medians, each against the
 * no-agent baseline of the same run.
 */
public final class SystemMetricsTrainingBench {

    interface Workload {
        double time(boolean agent, List<String> jvmArgs) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        String interval = args.length > 1 ? args[1] : "100ms";
        String which = args.length > 2 ? args[2] : "both";
        List<String> plain = List.of("-Dautolog.tracking.uri=" + ChildJvm.tempStore());
        List<String> sampled = List.of(plain.get(0), "-Dautolog.system.metrics=true",
                "-Dautolog.system.metrics.interval=" + interval);
        if (!which.equals("dl4j")) {
            compare("xgboost, 200 rounds", rounds, interval, plain, sampled, TrainingBench::time);
        }
        if (!which.equals("xgboost")) {
            String classPath = Dl4jTrainingBench.classPath();
            compare("dl4j, 2,000 iterations", rounds, interval, plain, sampled,
                    (agent, jvmArgs) -> Dl4jTrainingBench.time(agent, jvmArgs, classPath));
        }
    }

    private static void compare(String what, int rounds, String interval, List<String> plain, List<String> sampled,
                                Workload workload) throws Exception {
        List<Double> none = new ArrayList<>();
        List<Double> agent = new ArrayList<>();
        List<Double> withSystem = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            none.add(workload.time(false, plain));
            agent.add(workload.time(true, plain));
            withSystem.add(workload.time(true, sampled));
            ChildJvm.printRound(i, none, agent, withSystem);
        }
        double a = ChildJvm.median(none);
        double b = ChildJvm.median(agent);
        double c = ChildJvm.median(withSystem);
        System.out.printf("system metrics, %s: %d rounds, median without agent %.1f ms, agent %.1f ms (%+.2f%%), agent"
                + " with system metrics every %s %.1f ms (%+.2f%%; %+.2f%% against the agent alone)%n", what, rounds,
                a, b, (b / a - 1) * 100, interval, c, (c / a - 1) * 100, (c / b - 1) * 100);
    }
}
