package dev.autolog.system;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one sample costs the sampler thread: reading every built-in source (/proc/stat, /proc/meminfo,
 * /proc/net/dev, the root file store, the MXBeans) and turning the reading into one run's publication. Every call
 * is a sample (an interval of 1 ns). JMH reports the wall time per sample; each iteration also prints the
 * thread's own CPU time per sample ({@code ThreadMXBean}), which is what the sampler takes from the host on a busy
 * machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SystemSamplerBench {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private SystemSampler sampler;
    private Map<String, Double> published;
    private long samples;
    private long cpuAtStart;

    @Setup(Level.Trial)
    public void openRun() {
        sampler = new SystemSampler(Duration.ofNanos(1), SystemSources::all, System::nanoTime,
                System::currentTimeMillis, loop -> { });
        sampler.runStarted("bench", (metrics, timestamp, step) -> published = metrics);
        sampler.tick(System.nanoTime());
    }

    @Setup(Level.Iteration)
    public void startCounting() {
        samples = 0;
        cpuAtStart = threads.getCurrentThreadCpuTime();
    }

    @Benchmark
    public Map<String, Double> sample() {
        sampler.tick(System.nanoTime());
        samples++;
        return published;
    }

    @TearDown(Level.Iteration)
    public void report() {
        double cpuMicros = (threads.getCurrentThreadCpuTime() - cpuAtStart) / 1e3 / samples;
        System.out.printf("%ncpu per sample: %.1f us (%d samples, %d keys)%n", cpuMicros, samples,
                published == null ? 0 : published.size());
    }
}
