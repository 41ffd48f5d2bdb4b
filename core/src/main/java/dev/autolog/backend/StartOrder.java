package dev.autolog.backend;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The start order the local store records beside a run's {@code start_time} (milliseconds), so that readers can
 * tell which of two runs started in the same millisecond came last: nanoseconds since the epoch (the clock's
 * precision, microseconds on Linux), strictly increasing in one JVM. Written to the run's {@code meta.yaml} as
 * {@value #KEY}, a key MLflow's readers leave out (they keep only RunInfo's own fields).
 */
final class StartOrder {
    static final String KEY = "autolog_start_ns";
    private static final AtomicLong LAST = new AtomicLong();

    private StartOrder() {
    }

    /** Now, when now is still in the run's start millisecond; else the start millisecond; and after the last one. */
    static long next(long startMillis) {
        Instant now = Instant.now();
        long candidate = now.toEpochMilli() == startMillis ? now.getEpochSecond() * 1_000_000_000L + now.getNano()
                : startMillis * 1_000_000L;
        return LAST.accumulateAndGet(candidate, (last, c) -> Math.max(last + 1, c));
    }

    /** The recorded order, 0 when the run has none (written by MLflow or an older autolog). */
    static long of(Map<String, String> meta) {
        String v = meta == null ? null : meta.get(KEY);
        try {
            return v == null ? 0 : Long.parseLong(v);
        } catch (NumberFormatException malformed) {
            return 0;
        }
    }
}
