package dev.autolog.bench;

import dev.autolog.ActiveRun;
import dev.autolog.Autolog;
import dev.autolog.backend.Metric;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What {@code Autolog.logMetric} costs the calling thread. A training logs between units of work, so each
 * operation first burns a fixed amount of CPU ({@link #work} tokens, about two or twenty microseconds), which keeps
 * the rate below what the writer thread sustains; otherwise the benchmark would measure a queue growing without end. The
 * caller's cost is {@code logMetric - baselineWork}; {@code baselineClockAndPoint} shows the part any logger pays
 * (read the clock, build the point). {@code backend} is where the writer thread sends the points: the local store,
 * or the MLflow backend with a loopback MLflow server (the tests' one) in this JVM. On a 2-core machine that server
 * and the shipping threads compete with the benchmark thread for CPU; at 500,000 points/s (more than the server
 * absorbs) they never rest, at 50,000 points/s they mostly do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dautolog.debug=true")
public class LogMetricBench {
    /** CPU tokens burnt per operation: 1000 is about 2 µs (500,000 points/s), 10000 about 20 µs (50,000/s). */
    @Param({"1000", "10000"})
    public long work;
    @Param({"local", "mlflow"})
    public String backend;
    private FakeMlflowServer server;
    private ActiveRun run;
    private long step;

    @Setup(Level.Trial)
    public void startRun() throws Exception {
        if (backend.equals("mlflow")) {
            server = FakeMlflowServer.start(true);
            System.setProperty("autolog.tracking.uri", server.uri());
            System.setProperty("autolog.mlflow.spool.dir", ChildJvm.tempStore());
        } else {
            System.setProperty("autolog.tracking.uri", ChildJvm.tempStore());
        }
        run = Autolog.startRun("bench");
    }

    @TearDown(Level.Trial)
    public void endRun() {
        run.close();
        Autolog.flush();
        if (server != null) {
            server.close();
        }
    }

    @Benchmark
    public void baselineWork() {
        Blackhole.consumeCPU(work);
    }

    @Benchmark
    public void baselineClockAndPoint(Blackhole bh) {
        Blackhole.consumeCPU(work);
        bh.consume(new Metric("loss", 0.5, System.currentTimeMillis(), step++));
    }

    @Benchmark
    public void logMetric() {
        Blackhole.consumeCPU(work);
        Autolog.logMetric("loss", 0.5, step++);
    }
}
