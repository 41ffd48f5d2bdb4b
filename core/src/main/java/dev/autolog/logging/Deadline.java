package dev.autolog.logging;

import java.time.Duration;

/**
 * The end of a wait of any {@link Duration}: the time left is computed from the time elapsed, and a duration too
 * long for a {@code long} of nanoseconds waits {@code Long.MAX_VALUE} (292 years), so no arithmetic overflows.
 */
public final class Deadline {
    private final long start = System.nanoTime();
    private final long nanos;

    public Deadline(Duration wait) {
        this.nanos = nanos(wait);
    }

    /** Nanoseconds until the deadline, 0 once it passed. */
    public long nanosLeft() {
        return Math.max(0, nanos - (System.nanoTime() - start));
    }

    /** {@code wait} in milliseconds, for messages: 0 when negative, at most {@code Long.MAX_VALUE} nanoseconds. */
    public static long millis(Duration wait) {
        return nanos(wait) / 1_000_000;
    }

    /** {@code wait} in nanoseconds: 0 when negative, {@code Long.MAX_VALUE} when longer than that. */
    public static long nanos(Duration wait) {
        if (wait.isNegative()) {
            return 0;
        }
        try {
            return wait.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
