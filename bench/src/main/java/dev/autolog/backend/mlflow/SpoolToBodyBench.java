package dev.autolog.backend.mlflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * The shipper's own work per metric point, without the network: a spooled metric file of {@value #POINTS} points
 * (as the local store writes them) read from its start and turned into the bodies of its {@code log-batch}
 * requests. {@code warm}: a JVM that has shipped for a while; {@code cold}: the first time in a fresh JVM, as the
 * first run of a short job pays it (one shot per fork). In a package of the backend, to reach its package-private
 * steps.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SpoolToBodyBench {
    static final int POINTS = 20_000;
    private Path dir;
    private Path file;

    @Setup(Level.Trial)
    public void spool() throws IOException {
        dir = Files.createTempDirectory("autolog-bench-spool");
        file = dir.resolve("loss");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < POINTS; i++) {
            lines.append(1_700_000_000_000L + i).append(' ').append(1.0 / (i + 1) + i * 0.37).append(' ').append(i)
                    .append('\n');
        }
        Files.writeString(file, lines);
    }

    @TearDown(Level.Trial)
    public void remove() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    @Fork(2)
    public long warm() throws IOException {
        return bodies();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(12)
    public long cold() throws IOException {
        return bodies();
    }

    private long bodies() throws IOException {
        List<MetricTail.Point> points = MetricTail.read(file, "loss", 0);
        long bytes = 0;
        for (LogBatch b : BatchSplitter.split(points, List.of(), List.of())) {
            bytes += MlflowClient.logBatchBody("0123456789abcdef0123456789abcdef", b, null).length;
        }
        return bytes;
    }
}
