package dev.autolog.bench;

import dev.autolog.ActiveRun;
import dev.autolog.Autolog;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * (b) What {@code Autolog.logMetric} costs the calling thread, against a baseline that does the caller-side work
 * any logger must do (read the clock, build the point) in the same run. The queue is sized so nothing is dropped
 * during a measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dautolog.queue.capacity=50000000", "-Xmx4g"})
public class LogMetricBench {
    private ActiveRun run;
    private long step;

    @Setup(Level.Trial)
    public void startRun() throws Exception {
        System.setProperty("autolog.tracking.uri", ChildJvm.tempStore());
        run = Autolog.startRun("bench");
    }

    @TearDown(Level.Trial)
    public void endRun() {
        run.close();
    }

    @Benchmark
    public void logMetric() {
        Autolog.logMetric("loss", 0.5, step++);
    }

    @Benchmark
    public void baselineClockAndPoint(Blackhole bh) {
        bh.consume(new dev.autolog.backend.Metric("loss", 0.5, System.currentTimeMillis(), step++));
    }
}
