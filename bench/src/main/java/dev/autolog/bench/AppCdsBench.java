package dev.autolog.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An application that starts with an AppCDS archive of its own classes (a static archive, {@code -Xshare:dump} from
 * the class list of a run): the milliseconds {@link AppCdsWorkload} takes to load its ~600 classes without the
 * agent, with it and, with {@value MlflowThroughputBench#COMPARE_AGENT}, with another agent jar; rounds in turn,
 * medians. An agent that appends to the bootstrap class path makes HotSpot stop sharing application classes, so
 * they are read and parsed from the jar again. Arguments: {@code [rounds]}.
 */
public final class AppCdsBench {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("autolog-appcds");
        Path list = dir.resolve("classes.lst");
        Path archive = dir.resolve("app.jsa");
        ChildJvm.run(false, List.of("-XX:DumpLoadedClassList=" + list), AppCdsWorkload.class.getName());
        ChildJvm.run(false, List.of("-Xshare:dump", "-XX:SharedClassListFile=" + list,
                "-XX:SharedArchiveFile=" + archive), AppCdsWorkload.class.getName());
        List<String> names = new ArrayList<>(List.of("without agent", "with agent"));
        List<List<String>> jvmArgs = new ArrayList<>(List.of(List.of(), List.of("-javaagent:" + ChildJvm.AGENT)));
        String compare = System.getProperty(MlflowThroughputBench.COMPARE_AGENT);
        if (compare != null) {
            names.add("with " + compare);
            jvmArgs.add(List.of("-javaagent:" + compare));
        }
        List<List<Double>> millis = new ArrayList<>();
        jvmArgs.forEach(a -> millis.add(new ArrayList<>()));
        String classes = "";
        for (int r = -1; r < rounds; r++) { // round -1 warms the disk cache
            for (int i = 0; i < jvmArgs.size(); i++) {
                int k = (i + Math.max(r, 0)) % jvmArgs.size(); // which goes first rotates
                List<String> options = new ArrayList<>(jvmArgs.get(k));
                options.add("-XX:SharedArchiveFile=" + archive);
                String[] out = ChildJvm.run(false, options, AppCdsWorkload.class.getName()).stdout().trim().split(" ");
                classes = out[0];
                if (r >= 0) {
                    millis.get(k).add(Double.parseDouble(out[1]));
                }
            }
        }
        System.out.printf("appcds: %s classes loaded with a static archive of them, %d rounds%n", classes, rounds);
        double base = ChildJvm.median(millis.get(0));
        for (int i = 0; i < names.size(); i++) {
            double m = ChildJvm.median(millis.get(i));
            System.out.printf("  %s: median %.1f ms (%.2fx without agent)%n", names.get(i), m, m / base);
        }
    }
}
