package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartOrderTest {
    @TempDir
    Path dir;

    private static String id(int i) {
        return String.format("%032x", i);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Waits until the system clock has moved past {@code nanos}: runs that really start one after the other. */
    private static void clockPast(long nanos) {
        while (nanos(Instant.now()) <= nanos) {
            Thread.onSpinWait();
        }
    }

    private List<String> namesNewestFirst() {
        return new LocalStoreReader(dir).runs("0").stream().map(RunInfo::runName).toList();
    }

    @Test
    void runsTwoJvmsStartInTurnsWithinOneMillisecondAreReadInTheOrderTheyStarted() throws IOException {
        StartOrder[] jvms = {new StartOrder(Clock.systemUTC()), new StartOrder(Clock.systemUTC())};
        List<NewRun> started = new ArrayList<>();
        long previous = 0;
        for (int i = 0; i < 60; i++) {
            clockPast(previous);
            previous = jvms[i % 2].now();
            // ids ascending in start order: a tie in the start order would put the earlier run first
            started.add(NewRun.startingAt(previous, id(i), "Default", "run-" + i, "me", Map.of()));
        }
        long sameMillisecond = 0;
        for (int i = 1; i < started.size(); i++) {
            sameMillisecond += started.get(i).startTimeMillis() == started.get(i - 1).startTimeMillis() ? 1 : 0;
        }
        List<NewRun> written = new ArrayList<>(started);
        Collections.shuffle(written, new Random(7));
        LocalStore store = new LocalStore(dir);
        for (NewRun run : written) {
            store.createRun(run);
        }

        List<String> expected = new ArrayList<>(started.stream().map(NewRun::runName).toList());
        Collections.reverse(expected);
        assertEquals(expected, namesNewestFirst());
        assertTrue(sameMillisecond >= 30, sameMillisecond + " runs started in their predecessor's millisecond");
    }

    @Test
    void runsStartedInTurnsByFourThreadsOfOneJvmAreReadInTheOrderTheyStarted() throws Exception {
        int threads = 4;
        int runs = 400;
        AtomicInteger turn = new AtomicInteger();
        NewRun[] started = new NewRun[runs];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = thread; i < runs; i += threads) {
                        while (turn.get() != i) {
                            Thread.yield();
                        }
                        started[i] = NewRun.startingNow(id(i), "Default", "run-" + i, "me", Map.of());
                        turn.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 1; i < runs; i++) {
            assertTrue(started[i].startNanos() > started[i - 1].startNanos(), "run " + i);
            assertEquals(Math.floorDiv(started[i].startNanos(), 1_000_000L), started[i].startTimeMillis(), "run " + i);
        }
        LocalStore store = new LocalStore(dir);
        for (int i = runs - 1; i >= runs - 40; i--) {
            store.createRun(started[i]);
        }
        List<String> expected = new ArrayList<>();
        for (int i = runs - 1; i >= runs - 40; i--) {
            expected.add("run-" + i);
        }
        assertEquals(expected, namesNewestFirst());
    }

    @Test
    void startsWhileTheClockStandsStillFollowOneAnotherInItsMillisecondAsMetaYamlRecords() throws IOException {
        StartOrder jvm = new StartOrder(Clock.fixed(Instant.ofEpochSecond(1_732_300_000L, 123_456_000),
                ZoneOffset.UTC));
        assertEquals(List.of(1_732_300_000_123_456_000L, 1_732_300_000_123_456_001L, 1_732_300_000_123_456_002L),
                List.of(jvm.now(), jvm.now(), jvm.now()));
        NewRun run = NewRun.startingAt(jvm.now(), id(1), "Default", "r", "me", Map.of());
        assertEquals(1_732_300_000_123L, run.startTimeMillis());

        new LocalStore(dir).createRun(run);

        String meta = Files.readString(dir.resolve("0").resolve(id(1)).resolve("meta.yaml"));
        assertTrue(meta.contains("\nstart_time: 1732300000123\n"), meta);
        assertTrue(meta.endsWith("\nautolog_start_ns: '1732300000123456003'\n"), meta);
    }

    @Test
    void aStartGivenItsMillisecondFollowsThePreviousOneInItOrIsItsFirstNanosecond() {
        StartOrder jvm = new StartOrder(Clock.fixed(Instant.ofEpochSecond(1_732_300_000L, 123_456_000),
                ZoneOffset.UTC));
        assertEquals(1_732_300_000_123_456_000L, jvm.now());
        assertEquals(List.of(5_000_000_000L, 5_000_000_001L, 5_000_000_002L), List.of(jvm.in(5000), jvm.in(5000),
                jvm.in(5000)));
        assertEquals(6_000_000_000L, jvm.in(6000));
        assertEquals(5_000_000_000L, jvm.in(5000));
        assertEquals(1_732_300_000_123_456_001L, jvm.now());
        assertEquals(5_000_000_001L, jvm.in(5000));
    }
}
