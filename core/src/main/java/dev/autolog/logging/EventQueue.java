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
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingMetrics = new AtomicInteger();
    private final LongAdder droppedMetrics = new LongAdder();
    private final int metricCapacity;

    public EventQueue(int metricCapacity) {
        this.metricCapacity = metricCapacity;
    }

    /** Returns false when the event was dropped. */
    public boolean offer(Event event) {
        if (event instanceof Event.LogMetric) {
            if (pendingMetrics.incrementAndGet() > metricCapacity) {
                pendingMetrics.decrementAndGet();
                droppedMetrics.increment();
                return false;
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
