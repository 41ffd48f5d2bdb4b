package dev.autolog.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * DJL training wall time with and without the agent, as {@link Dl4jTrainingBench} measures DL4J's: alternating
 * child JVMs running {@link DjlTrainingWorkload} on DJL 0.36.0's class path (PyTorch CPU native library from Maven
 * Central, copied by {@code it/frameworks/djl-0.36.0}), offline, one native thread, medians. Then, as a check that
 * does not depend on how busy the machine is between two JVMs, one JVM with the agent alternating trainings with
 * autologging off and on.
 */
public final class DjlTrainingBench {
    /** As for ND4J: PyTorch's OpenMP threads would make a shared 2-core machine's figures about the neighbours. */
    private static final Map<String, String> ONE_NATIVE_THREAD = Map.of("OMP_NUM_THREADS", "1");

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Path jars = Path.of(System.getProperty("autolog.bench.djl", "it/frameworks/djl-0.36.0/target/classpath"));
        String classPath = System.getProperty("java.class.path") + File.pathSeparator + jars + File.separator + "*";
        List<String> jvmArgs = List.of("-Dautolog.tracking.uri=" + ChildJvm.tempStore(), "-Dai.djl.offline=true");
        double[] medians = ChildJvm.trainingMedians(pairs, jvmArgs, classPath, ONE_NATIVE_THREAD,
                DjlTrainingWorkload.class.getName());
        double a = medians[0];
        double b = medians[1];
        System.out.printf("djl training: %d pairs of 2,000-batch trainings, median without agent %.1f ms, with"
                + " agent %.1f ms, overhead %+.2f%%%n", pairs, a, b, (b / a - 1) * 100);
        String[] toggled = ChildJvm.runWithClassPath(true, jvmArgs, classPath, ONE_NATIVE_THREAD,
                DjlTrainingWorkload.class.getName(), "toggle", String.valueOf(2 * pairs)).stdout().trim().split(" ");
        double off = Double.parseDouble(toggled[0]);
        double on = Double.parseDouble(toggled[1]);
        System.out.printf("djl training, one JVM with the agent: %d alternating pairs, median with autologging off"
                + " %.1f ms, on %.1f ms, overhead %+.2f%%%n", 2 * pairs, off, on, (on / off - 1) * 100);
    }
}
