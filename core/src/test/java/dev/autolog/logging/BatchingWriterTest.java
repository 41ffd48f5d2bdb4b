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
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import dev.autolog.backend.LocalStore;
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
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(": " + file + " is not a directory;"), out::toString);
        assertEquals("permission denied: /x/mlruns", BatchingWriter.reason(new AccessDeniedException("/x/mlruns")));
        assertEquals("no space left on device: /x/mlruns/0/meta.yaml", BatchingWriter.reason(
                new FileSystemException("/x/mlruns/0/meta.yaml", null, "No space left on device")));
    }
}
