package dev.autolog.bench;

import java.util.ArrayList;
import java.util.List;

/** (a) JVM start-up with {@code -javaagent} versus none, on {@link Hello}; alternating pairs, medians. */
public final class StartupBench {

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<String> jvmArgs = List.of("-Dautolog.tracking.uri=" + ChildJvm.tempStore());
        ChildJvm.run(false, jvmArgs, Hello.class.getName());
        ChildJvm.run(true, jvmArgs, Hello.class.getName());
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            without.add(ChildJvm.run(false, jvmArgs, Hello.class.getName()).nanos() / 1e6);
            with.add(ChildJvm.run(true, jvmArgs, Hello.class.getName()).nanos() / 1e6);
        }
        double a = ChildJvm.median(without);
        double b = ChildJvm.median(with);
        System.out.printf("startup: %d pairs, median without agent %.1f ms, with agent %.1f ms, overhead %.1f ms"
                + " (ratio %.2f)%n", pairs, a, b, b - a, b / a);
    }
}
