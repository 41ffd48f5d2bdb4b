package dev.autolog.backend;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The start order the local store records beside a run's {@code start_time} (milliseconds), so that readers can
 * tell which of two runs started in the same millisecond came last, also when different JVMs started them:
 * nanoseconds since the epoch read from the system clock when the run starts (its precision: micro- or nanoseconds
 * on Linux), strictly increasing in one JVM. Written to the run's {@code meta.yaml} as {@value #KEY}, a key
 * MLflow's readers leave out (they keep only RunInfo's own fields).
 */
final class StartOrder {
    static final String KEY = "autolog_start_ns";
    static final long NANOS_PER_MILLI = 1_000_000L;
    static final StartOrder JVM = new StartOrder(Clock.systemUTC());

    private final Clock clock;
    private long last;
    private long lastGiven = Long.MIN_VALUE;

    StartOrder(Clock clock) {
        this.clock = clock;
    }

    /** Now, or just after the last start this clock gave when the clock has not moved since. */
    synchronized long now() {
        Instant now = clock.instant();
        last = Math.max(last + 1, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        return last;
    }

    /**
     * A start known only by its millisecond: just after the previous such start when that was in the same
     * millisecond, else the millisecond's first nanosecond; always inside the run's {@code start_time}.
     */
    synchronized long in(long startMillis) {
        long first = startMillis * NANOS_PER_MILLI;
        boolean sameMillisecond = lastGiven >= first && lastGiven - first < NANOS_PER_MILLI - 1;
        lastGiven = sameMillisecond ? lastGiven + 1 : first;
        return lastGiven;
    }

    /** The order to record for a new run: its start in nanoseconds, else one {@linkplain #in in its millisecond}. */
    static long of(NewRun run) {
        return run.startNanos() != 0 ? run.startNanos() : JVM.in(run.startTimeMillis());
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
