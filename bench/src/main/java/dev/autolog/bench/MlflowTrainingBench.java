package dev.autolog.bench;

import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import java.util.ArrayList;
import java.util.List;

/**
 * XGBoost training wall time without the agent, with the agent writing the local store, and with the agent sending
 * to an MLflow server on loopback (the tests' MLflow-speaking server, in this process): alternating child JVMs,
 * medians, each against the no-agent baseline of the same run.
 */
public final class MlflowTrainingBench {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        try (FakeMlflowServer server = FakeMlflowServer.start(true)) {
            List<String> local = List.of("-Dautolog.tracking.uri=" + ChildJvm.tempStore());
            List<String> rest = List.of("-Dautolog.tracking.uri=" + server.uri(),
                    "-Dautolog.mlflow.spool.dir=" + ChildJvm.tempStore());
            List<Double> none = new ArrayList<>();
            List<Double> toStore = new ArrayList<>();
            List<Double> toServer = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                none.add(time(false, local));
                toStore.add(time(true, local));
                toServer.add(time(true, rest));
            }
            double a = ChildJvm.median(none);
            double b = ChildJvm.median(toStore);
            double c = ChildJvm.median(toServer);
            System.out.printf("mlflow training: %d rounds of 200-round XGBoost trainings, median without agent %.1f ms,"
                    + " agent to local store %.1f ms (%+.2f%%), agent to MLflow server %.1f ms (%+.2f%%); server got %d"
                    + " runs%n", rounds, a, b, (b / a - 1) * 100, c, (c / a - 1) * 100, server.state().runs().size());
        }
    }

    private static double time(boolean agent, List<String> jvmArgs) throws Exception {
        return Double.parseDouble(ChildJvm.run(agent, jvmArgs, TrainingWorkload.class.getName()).stdout().trim());
    }
}
