package dev.autolog.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sampler driven by hand: a fake clock, fake sources, no thread. Times are in seconds of the fake clock. */
class SystemSamplerTest {
    private static final long S = 1_000_000_000L;

    /** A source whose values the test sets. */
    static final class Dial implements MetricSource {
        double gauge;
        double total;
        double part;
        double whole;
        final AtomicInteger reads = new AtomicInteger();

        void set(double total, double part, double whole) {
            this.total = total;
            this.part = part;
            this.whole = whole;
        }

        @Override
        public void read(Reading reading, long nanoTime) {
            reads.incrementAndGet();
            reading.gauge("g", gauge);
            reading.total("t", total);
            reading.share("s", part, whole);
        }
    }

    record Point(String key, double value, long timestamp, long step) {
    }

    static final class Recorder implements SampledRun {
        final List<Point> points = new ArrayList<>();

        @Override
        public void publish(Map<String, Double> metrics, long timestampMillis, long step) {
            metrics.forEach((k, v) -> points.add(new Point(k, v, timestampMillis, step)));
        }

        List<Point> of(String key) {
            return points.stream().filter(p -> p.key.equals(key)).toList();
        }
    }

    private final Dial dial = new Dial();
    private final List<Runnable> threads = new ArrayList<>();
    private long wall = 1_700_000_000_000L;
    private final SystemSampler sampler = new SystemSampler(Duration.ofSeconds(10), () -> List.of(dial),
            () -> 0, () -> wall, threads::add);

    @Test
    void theFirstPublicationComesOneIntervalAfterTheRunOpenedAtStepZeroAndEachIntervalAddsAStep() {
        Recorder run = new Recorder();
        sampler.runStarted("r", run);
        assertEquals(10 * S, sampler.tick(0));
        assertEquals(List.of(), run.points, "the first reading is the run's starting point");
        assertEquals(10 * S, sampler.tick(5 * S), "nothing due yet");
        assertEquals(1, dial.reads.get(), "no reading when no run is due");
        dial.gauge = 42.04;
        wall += 10_000;
        assertEquals(20 * S, sampler.tick(10 * S));
        assertEquals(List.of(new Point("system/g", 42.0, wall, 0)), run.of("system/g"));
        sampler.tick(20 * S);
        sampler.tick(30 * S);
        assertEquals(List.of(0L, 1L, 2L), run.of("system/g").stream().map(Point::step).toList());
    }

    @Test
    void totalsAreCountedFromEachRunsOwnStartAndSharesFromItsPreviousPublication() {
        Recorder early = new Recorder();
        Recorder late = new Recorder();
        dial.set(100, 0, 0);
        sampler.runStarted("early", early);
        sampler.tick(0);
        dial.set(130, 5, 20);
        sampler.runStarted("late", late);
        sampler.tick(4 * S);
        dial.set(150, 15, 40);
        sampler.tick(10 * S);
        assertEquals(List.of(new Point("system/t", 50.0, wall, 0)), early.of("system/t"));
        assertEquals(List.of(new Point("system/s", 37.5, wall, 0)), early.of("system/s"), "15 of 40 since its start");
        assertEquals(List.of(), late.points, "late is due at 14 s");
        dial.set(190, 16, 50);
        sampler.tick(14 * S);
        assertEquals(List.of(new Point("system/t", 60.0, wall, 0)), late.of("system/t"));
        assertEquals(List.of(new Point("system/s", 36.7, wall, 0)), late.of("system/s"), "11 of 30, rounded to 0.1");
        dial.set(190, 20, 60);
        sampler.tick(20 * S);
        assertEquals(25.0, early.of("system/s").get(1).value(), "5 of 20 since its previous publication at 10 s");
        assertEquals(90.0, early.of("system/t").get(1).value());
    }

    @Test
    void anEndedRunGetsNothingMoreAndAPartialIntervalIsNotLogged() {
        Recorder run = new Recorder();
        sampler.runStarted("r", run);
        sampler.tick(0);
        sampler.tick(10 * S);
        int published = run.points.size();
        sampler.runEnded("r");
        sampler.tick(15 * S);
        sampler.tick(20 * S);
        assertEquals(published, run.points.size());
        assertEquals(2, dial.reads.get(), "no reading without a run");
    }

    @Test
    void aFailingSourceOrRunLeavesTheOthersAndTheSamplerWorking() {
        SystemSampler withBroken = new SystemSampler(Duration.ofSeconds(1), () -> List.of((reading, now) -> {
            throw new IllegalStateException("no /proc here");
        }, dial), () -> 0, () -> wall, threads::add);
        Recorder good = new Recorder();
        withBroken.runStarted("bad", (metrics, t, step) -> {
            throw new IllegalStateException("queue gone");
        });
        withBroken.runStarted("good", good);
        withBroken.tick(0);
        dial.whole = 1;
        withBroken.tick(S);
        assertEquals(List.of("system/g", "system/s", "system/t"), good.points.stream().map(Point::key).sorted().toList());
    }

    @Test
    void oneThreadStartsWithTheFirstRunAndNoneBefore() {
        assertEquals(List.of(), threads);
        sampler.runStarted("a", new Recorder());
        sampler.runStarted("b", new Recorder());
        sampler.runEnded("a");
        sampler.runStarted("c", new Recorder());
        assertEquals(1, threads.size());
    }

    @Test
    void theJvmsSamplerThreadIsADaemonThatWaitsWhileNoRunIsOpen() throws Exception {
        SystemSampler real = SystemSampler.forThisJvm(Duration.ofHours(1));
        assertNull(samplerThread(), "no thread before the first run");
        Recorder run = new Recorder();
        real.runStarted("r", run);
        real.runEnded("r");
        Thread t = awaitThread();
        assertTrue(t.isDaemon());
        long deadline = System.nanoTime() + 30 * S;
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(Thread.State.WAITING, t.getState(), "parked without a timeout while no run is open");
        assertFalse(run.points.stream().anyMatch(p -> true));
    }

    private static Thread samplerThread() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("autolog-system-metrics"))
                .findFirst().orElse(null);
    }

    private static Thread awaitThread() throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            Thread t = samplerThread();
            if (t != null) {
                return t;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no autolog-system-metrics thread");
    }
}
