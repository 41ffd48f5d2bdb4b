package dev.autolog.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * (d) XGBoost training wall time without the agent, with it (datasets on, the default) and with it and
 * {@code autolog.log.datasets=false}: alternating child JVMs, medians.
 */
public final class TrainingBench {

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        List<String> jvmArgs = List.of("-Dautolog.tracking.uri=" + ChildJvm.tempStore());
        List<Double> without = new ArrayList<>();
        List<String> noDatasets = new ArrayList<>(jvmArgs);
        noDatasets.add("-Dautolog.log.datasets=false");
        List<Double> with = new ArrayList<>();
        List<Double> withoutDatasets = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            without.add(time(false, jvmArgs));
            with.add(time(true, jvmArgs));
            withoutDatasets.add(time(true, noDatasets));
            ChildJvm.printRound(i, without, with, withoutDatasets);
        }
        double a = ChildJvm.median(without);
        double b = ChildJvm.median(with);
        double c = ChildJvm.median(withoutDatasets);
        System.out.printf("training: %d rounds of 200-round XGBoost trainings, median without agent %.1f ms, with agent"
                + " %.1f ms, overhead %+.2f%% (with agent and log.datasets=false %.1f ms, %+.2f%%)%n", pairs, a, b,
                (b / a - 1) * 100, c, (c / a - 1) * 100);
    }

    static double time(boolean agent, List<String> jvmArgs) throws Exception {
        return Double.parseDouble(ChildJvm.run(agent, jvmArgs, TrainingWorkload.class.getName()).stdout().trim());
    }
}
