package dev.autolog.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * DL4J training wall time with and without the agent: alternating child JVMs running {@link Dl4jTrainingWorkload}
 * with the DL4J jars the build copied to {@code bench/target/dl4j} and one native thread, medians.
 */
public final class Dl4jTrainingBench {
    /**
     * ND4J's OpenMP threads spin while they wait; on a small shared machine that made single trainings vary tenfold
     * (5 s to 49 s) whatever the agent did. One native thread keeps the figure about the agent.
     */
    private static final Map<String, String> ONE_NATIVE_THREAD = Map.of("OMP_NUM_THREADS", "1");

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        String classPath = classPath();
        List<String> jvmArgs = List.of("-Dautolog.tracking.uri=" + ChildJvm.tempStore());
        double[] medians = ChildJvm.trainingMedians(pairs, jvmArgs, classPath, ONE_NATIVE_THREAD,
                Dl4jTrainingWorkload.class.getName());
        double a = medians[0];
        double b = medians[1];
        System.out.printf("dl4j training: %d pairs of 2,000-iteration trainings, median without agent %.1f ms, with"
                + " agent %.1f ms, overhead %+.2f%%%n", pairs, a, b, (b / a - 1) * 100);
    }

    /** The bench's own class path and the DL4J jars the build copied. */
    static String classPath() {
        Path jars = Path.of(System.getProperty("autolog.bench.dl4j", "bench/target/dl4j"));
        return System.getProperty("java.class.path") + File.pathSeparator + jars + File.separator + "*";
    }

    static double time(boolean agent, List<String> jvmArgs, String classPath) throws Exception {
        String out = ChildJvm.runWithClassPath(agent, jvmArgs, classPath, ONE_NATIVE_THREAD,
                Dl4jTrainingWorkload.class.getName()).stdout().trim();
        return Double.parseDouble(out.substring(out.lastIndexOf('\n') + 1));
    }
}
