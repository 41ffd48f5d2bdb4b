package dev.autolog.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cost of {@code Autolog.autolog()} in a running JVM whose XGBoost classes are loaded: a fresh JVM per sample
 * ({@link AttachWorkload}), through the helper JVM (the default) and by self-attach
 * ({@code -Djdk.attach.allowAttachSelf=true}); the baseline, in the same rounds, is the start of a bare JVM with
 * the helper's options, the floor of the helper path.
 */
public final class AttachBench {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String classPath = ChildJvm.AGENT + File.pathSeparator + System.getProperty("java.class.path");
        String store = "-Dautolog.tracking.uri=" + ChildJvm.tempStore();
        List<Double> helper = new ArrayList<>();
        List<Double> self = new ArrayList<>();
        List<Double> bareJvm = new ArrayList<>();
        for (int i = 0; i <= rounds; i++) {
            double h = attachMillis(List.of(store), classPath);
            double s = attachMillis(List.of(store, "-Djdk.attach.allowAttachSelf=true"), classPath);
            double b = bareJvmMillis();
            // round 0 only warms the file cache
            if (i > 0) {
                helper.add(h);
                self.add(s);
                bareJvm.add(b);
            }
        }
        System.out.printf("autolog(): %d fresh JVMs each, median %.1f ms through the helper JVM, %.1f ms by"
                + " self-attach; a bare helper JVM starts in %.1f ms%n", rounds, ChildJvm.median(helper),
                ChildJvm.median(self), ChildJvm.median(bareJvm));
    }

    private static double attachMillis(List<String> jvmArgs, String classPath) throws Exception {
        return Double.parseDouble(ChildJvm.runWithClassPath(false, jvmArgs, classPath, Map.of(),
                AttachWorkload.class.getName()).stdout().trim());
    }

    private static double bareJvmMillis() throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        return (System.nanoTime() - start) / 1e6;
    }
}
