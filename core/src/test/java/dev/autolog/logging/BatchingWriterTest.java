package dev.autolog.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.autolog.RunStatus;
import dev.autolog.backend.Backend;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.StoreErrors;
import dev.autolog.backend.Tag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;

class BatchingWriterTest {
    private final Backend backend = mock(Backend.class);
    private final EventQueue queue = new EventQueue(1000);
    private final BatchingWriter writer = new BatchingWriter(queue, () -> backend, () -> Map.of("mlflow.user", "u"));

    private static NewRun newRun(String id) {
        return new NewRun(id, "Default", "r", 1, "u", Map.of("k", "v"));
    }

    @Test
    void consecutiveDataOfARunBecomesOneBatchAfterItsCreation() throws Exception {
        Metric m1 = new Metric("loss", 1.0, 10, 0);
        Metric m2 = new Metric("loss", 0.5, 11, 1);
        writer.write(List.of(new Event.CreateRun(newRun("a"), false), new Event.LogMetric("a", m1),
                new Event.LogParam("a", new Param("p", "1")), new Event.LogMetric("a", m2),
                new Event.EndRun("a", RunStatus.FINISHED, 20)));

        InOrder order = inOrder(backend);
        order.verify(backend).createRun(newRun("a"));
        order.verify(backend).logBatch("a", List.of(m1, m2), List.of(new Param("p", "1")), List.of());
        order.verify(backend).endRun("a", RunStatus.FINISHED, 20);
    }

    @Test
    void contextTagsAreAddedBeforeTheRunsOwnTags() throws Exception {
        writer.write(List.of(new Event.CreateRun(newRun("a"), true)));

        verify(backend).createRun(new NewRun("a", "Default", "r", 1, "u", Map.of("mlflow.user", "u", "k", "v")));
    }

    @Test
    void aFailingBackendIsReportedAndLaterEventsAreStillWritten() throws Exception {
        doThrow(new IOException("disk full")).when(backend).createRun(any());
        when(backend.describe()).thenReturn("/store");

        writer.write(List.of(new Event.CreateRun(newRun("a"), false), new Event.LogMetric("a", new Metric("x", 1, 1, 0)),
                new Event.EndRun("a", RunStatus.FINISHED, 2)));

        verify(backend).logBatch(eq("a"), anyList(), anyList(), anyList());
        verify(backend).endRun("a", RunStatus.FINISHED, 2);
        assertTrue(Diagnostics.backendErrors() >= 1);
    }

    @Test
    void flushCountsDownAfterEverythingBeforeItWasWrittenAndFlushed() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        writer.write(List.of(new Event.LogMetric("a", new Metric("x", 1, 1, 0)), new Event.Flush(done)));

        InOrder order = inOrder(backend);
        order.verify(backend).logBatch(eq("a"), anyList(), anyList(), anyList());
        order.verify(backend).flush();
        assertEquals(0, done.getCount());
    }

    @Test
    void queueDropsMetricsBeyondCapacityButNeverRunEvents() {
        EventQueue small = new EventQueue(2);
        for (int i = 0; i < 5; i++) {
            small.offer(new Event.LogMetric("a", new Metric("x", i, 1, i)));
        }
        assertTrue(small.offer(new Event.EndRun("a", RunStatus.FINISHED, 3)));
        assertFalse(small.offer(new Event.LogMetric("a", new Metric("x", 9, 1, 9))));

        assertEquals(4, small.droppedMetrics());
        assertEquals(3, small.drain(100).size());
        assertTrue(small.offer(new Event.LogMetric("a", new Metric("x", 9, 1, 9))), "room again after a drain");
        verify(backend, times(0)).describe();
    }

    @Test
    void theQueueCallsForTheWriterOnceAsManyPointsWaitAsItShouldNotLetPileUp() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        EventQueue large = new EventQueue(100_000);
        large.onBacklog(calls::incrementAndGet);
        for (int i = 0; i < EventQueue.BACKLOG - 1; i++) {
            large.offer(new Event.LogMetric("a", new Metric("x", i, 1, i)));
            large.offer(new Event.SetTag("a", new Tag("t", "v")));
        }
        assertEquals(0, calls.get(), "a trickle waits for the writer's nap to end");
        large.offer(new Event.LogMetric("a", new Metric("x", 0, 1, 0)));
        large.offer(new Event.LogMetric("a", new Metric("x", 0, 1, 0)));
        assertEquals(1, calls.get());
        large.drain(100_000);
        for (int i = 0; i < EventQueue.BACKLOG; i++) {
            large.offer(new Event.LogMetric("a", new Metric("x", i, 1, i)));
        }
        assertEquals(2, calls.get());

        EventQueue small = new EventQueue(10);
        small.onBacklog(calls::incrementAndGet);
        for (int i = 0; i < 5; i++) {
            small.offer(new Event.LogMetric("a", new Metric("x", i, 1, i)));
        }
        assertEquals(3, calls.get(), "half of a small queue's capacity");
    }

    @Test
    void aRunThatCannotBeCreatedSaysWhy(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        BatchingWriter onFile = new BatchingWriter(queue, () -> new LocalStore(file.resolve("mlruns")), Map::of);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream before = Diagnostics.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            onFile.write(List.of(new Event.CreateRun(newRun("0123456789abcdef0123456789abcdef"), false)));
        } finally {
            Diagnostics.setOutput(before);
        }
        String said = out.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains(file.toString()) && said.toLowerCase(java.util.Locale.ROOT).contains("not a directory"),
                said);
        assertEquals("/x/mlruns: Permission denied", StoreErrors.describe(new AccessDeniedException("/x/mlruns")));
        assertEquals("/x/mlruns/0/meta.yaml: No space left on device", StoreErrors.describe(
                new FileSystemException("/x/mlruns/0/meta.yaml", null, "No space left on device")));
    }

    /** A real local store whose disk is full for run ends while {@link #full} is set. */
    private static final class FullDiskForEnds implements Backend {
        final LocalStore store;
        volatile boolean full = true;

        FullDiskForEnds(Path root) {
            store = new LocalStore(root);
        }

        @Override
        public void createRun(NewRun run) throws IOException {
            store.createRun(run);
        }

        @Override
        public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags)
                throws IOException {
            store.logBatch(runId, metrics, params, tags);
        }

        @Override
        public void logArtifact(String runId, String path, byte[] content) throws IOException {
            store.logArtifact(runId, path, content);
        }

        @Override
        public void logArtifactFile(String runId, String path, Path source) throws IOException {
            store.logArtifactFile(runId, path, source);
        }

        @Override
        public void endRun(String runId, RunStatus status, long endTimeMillis) throws IOException {
            if (full) {
                throw new IOException("No space left on device");
            }
            store.endRun(runId, status, endTimeMillis);
        }

        @Override
        public Path localDirectory() {
            return store.localDirectory();
        }

        @Override
        public String describe() {
            return store.describe();
        }
    }

    private static boolean flush(BatchingWriter writer) {
        Event.Flush flush = new Event.Flush(new CountDownLatch(1));
        writer.write(List.of(flush));
        assertEquals(0, flush.done().getCount());
        return flush.written().get();
    }

    private static RunStatus status(Path root, String runId) {
        return new LocalStoreReader(root).run(runId).orElseThrow().status();
    }

    @Test
    void aRunWhoseEndCouldNotBeWrittenIsEndedOnceTheStoreTakesWritesAgainAndFlushSaysFalseUntilThen(
            @TempDir Path tmp) {
        FullDiskForEnds store = new FullDiskForEnds(tmp.resolve("mlruns"));
        BatchingWriter w = new BatchingWriter(new EventQueue(10), () -> store, Map::of);
        String runId = "0123456789abcdef0123456789abcdef";
        w.write(List.of(new Event.CreateRun(new NewRun(runId, "Default", "r", 1, "u", Map.of()), false),
                new Event.EndRun(runId, RunStatus.FINISHED, 5)));

        assertEquals(RunStatus.RUNNING, status(tmp.resolve("mlruns"), runId));
        assertFalse(flush(w), "the run's end was not written");
        assertFalse(flush(w), "the run is still not ended");
        store.full = false;
        w.write(List.of(new Event.LogMetric(runId, new Metric("late", 1, 6, 0))));

        assertEquals(RunStatus.FINISHED, status(tmp.resolve("mlruns"), runId));
        assertEquals(5L, new LocalStoreReader(tmp.resolve("mlruns")).run(runId).orElseThrow().endTime());
        assertTrue(flush(w));
    }

    @Test
    void aRunThatCannotBeEndedByExitIsNamedWithTheCommandThatEndsIt(@TempDir Path tmp) {
        FullDiskForEnds store = new FullDiskForEnds(tmp.resolve("mlruns"));
        BatchingWriter w = new BatchingWriter(new EventQueue(10), () -> store, Map::of);
        String runId = "fedcba9876543210fedcba9876543210";
        w.write(List.of(new Event.CreateRun(new NewRun(runId, "Default", "r", 1, "u", Map.of()), false),
                new Event.EndRun(runId, RunStatus.KILLED, 5)));
        flush(w);

        List<String> said = Said.during(w::reportRunsLeftRunning);
        Path root = tmp.resolve("mlruns").toAbsolutePath().normalize();
        assertEquals(List.of("autolog: run " + runId + " is left RUNNING in " + root + ": its end could not be"
                + " written; end it with: java -jar autolog-agent.jar runs end " + runId + " --status KILLED --store "
                + root), said);
    }

    @Test
    void flushSaysFalseWhenAWriteFailedSinceThePreviousFlushAndTrueAfterAFlushWithout(@TempDir Path tmp)
            throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-directory"), "x");
        BatchingWriter w = new BatchingWriter(new EventQueue(10), () -> new LocalStore(file), Map::of);
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream before = Diagnostics.setOutput(new PrintStream(said, true, StandardCharsets.UTF_8));
        long notStored = Diagnostics.valuesNotStored();
        try {
            w.write(List.of(new Event.CreateRun(newRun("0123456789abcdef0123456789abcdef"), false),
                    new Event.LogMetric("0123456789abcdef0123456789abcdef", new Metric("x", 1, 1, 0)),
                    new Event.LogParam("0123456789abcdef0123456789abcdef", new Param("p", "1")),
                    new Event.EndRun("0123456789abcdef0123456789abcdef", RunStatus.FINISHED, 2)));
            assertFalse(flush(w));
            assertTrue(flush(w), "nothing failed since the previous flush; a run never created is not left RUNNING");
            w.reportRunsLeftRunning();
        } finally {
            Diagnostics.setOutput(before);
        }
        assertEquals(3, Diagnostics.valuesNotStored() - notStored, "the run's tag, the metric point and the param");
        List<String> lines = said.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("autolog: cannot create run r in " + file + ": " + file
                + ": exists and is not a directory;"), lines.get(0));
    }

    @Test
    void aServerBackendOpensOnTheWriterThreadWhileTheCallerGoesOn() throws Exception {
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> openedOn = new AtomicReference<>();
        BatchingWriter w = new BatchingWriter(new EventQueue(10), () -> {
            openedOn.set(Thread.currentThread());
            opening.countDown();
            try {
                release.await(); // a cold HTTP client loading
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return backend;
        }, Map::of);

        w.startWithBackend(); // returns while the backend is still opening
        assertTrue(opening.await(10, TimeUnit.SECONDS), "the backend is opened at start, before any event");
        release.countDown();

        assertEquals("autolog-writer", openedOn.get().getName());
        assertTrue(openedOn.get().isDaemon(), "never keeps the application's JVM alive");
    }
}
