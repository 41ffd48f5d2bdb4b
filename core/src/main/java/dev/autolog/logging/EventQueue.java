package dev.autolog.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hand-off between training threads and the writer thread. Never blocks a producer: metric points
 * beyond {@code metricCapacity} not yet written are dropped and counted; lifecycle events (runs, params,
 * tags, artifacts) are always accepted since they are few and losing one would corrupt a run.
 */
public final class EventQueue {
    /** Metric points waiting that make the writer end its nap: a trickle is written in batches, a stream at once. */
    static final int BACKLOG = 1_000;

    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingMetrics = new AtomicInteger();
    private final LongAdder droppedMetrics = new LongAdder();
    private final int metricCapacity;
    /** {@link #BACKLOG}, or half the capacity of a smaller queue, so that no point is dropped while the writer naps. */
    private final int backlog;
    private volatile Runnable onBacklog = () -> { };

    public EventQueue(int metricCapacity) {
        this.metricCapacity = metricCapacity;
        this.backlog = Math.max(1, Math.min(BACKLOG, metricCapacity / 2));
    }

    /** {@code call} runs on the producer's thread each time the points waiting reach the backlog mark. */
    void onBacklog(Runnable call) {
        onBacklog = call;
    }

    /** Returns false when the event was dropped. */
    public boolean offer(Event event) {
        if (event instanceof Event.LogMetric) {
            int waiting = pendingMetrics.incrementAndGet();
            if (waiting > metricCapacity) {
                pendingMetrics.decrementAndGet();
                droppedMetrics.increment();
                return false;
            }
            if (waiting == backlog) {
                onBacklog.run();
            }
        }
        events.offer(event);
        return true;
    }

    /** Moves up to {@code max} events, in order, into a new list. */
    public List<Event> drain(int max) {
        List<Event> out = new ArrayList<>(Math.min(max, 1024));
        int metrics = 0;
        Event e;
        while (out.size() < max && (e = events.poll()) != null) {
            out.add(e);
            if (e instanceof Event.LogMetric) {
                metrics++;
            }
        }
        if (metrics > 0) {
            pendingMetrics.addAndGet(-metrics);
        }
        return out;
    }

    /** True when nothing but flush requests waits: no data would be lost if the JVM ended now. */
    public boolean holdsOnlyFlushes() {
        return events.stream().allMatch(e -> e instanceof Event.Flush);
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    public long droppedMetrics() {
        return droppedMetrics.sum();
    }
}
