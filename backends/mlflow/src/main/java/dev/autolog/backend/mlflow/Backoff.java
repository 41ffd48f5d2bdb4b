package dev.autolog.backend.mlflow;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;

/**
 * Delays between retries: exponential from {@code base}, capped, with "equal jitter" (half fixed, half random) so
 * that many clients restarting together do not hit a recovering server in step. A server's {@code Retry-After}
 * wins when it asks for longer.
 */
final class Backoff {
    static final Duration BASE = Duration.ofMillis(500);
    static final Duration CAP = Duration.ofSeconds(30);
    /** A Retry-After beyond this is taken as this: the spool keeps the data, the server is asked again sooner. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;

    Backoff(Duration base, Duration cap, DoubleSupplier random) {
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    static Backoff standard() {
        return new Backoff(BASE, CAP, Math::random);
    }

    /** The delay before retry number {@code attempt} (1 for the first retry). */
    Duration delay(int attempt, Duration retryAfter) {
        long exp = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long ceiling = Math.min(exp, cap.toMillis());
        long jittered = ceiling / 2 + (long) (random.getAsDouble() * (ceiling / 2 + 1));
        if (retryAfter != null) {
            long asked = Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER.toMillis());
            return Duration.ofMillis(Math.max(asked, Math.min(jittered, asked + base.toMillis())));
        }
        return Duration.ofMillis(jittered);
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        if (h.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(h));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
