package dev.autolog.system;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The sources every sample reads: the machine's and the JVM's own, plus those an integration adds. */
public final class SystemSources {
    private static final List<MetricSource> ADDED = new CopyOnWriteArrayList<>();

    private SystemSources() {
    }

    /** The built-in sources, reading Linux's {@code /proc} where it exists; called on the sampler thread. */
    static List<MetricSource> all() {
        Path proc = Path.of("/proc");
        return List.of(new CpuSource(proc), new MemorySource(proc), new DiskSource(Path.of("/")),
                new NetworkSource(proc), new JvmSource(), GpuSource.ifNvidiaSmiOnPath(System.getenv("PATH")));
    }

    /** Adds a source to every later sample (e.g. Spark's executors, on a driver); each source is added once. */
    public static void add(MetricSource source) {
        if (!ADDED.contains(source)) {
            ADDED.add(source);
        }
    }

    static List<MetricSource> added() {
        return ADDED;
    }
}
