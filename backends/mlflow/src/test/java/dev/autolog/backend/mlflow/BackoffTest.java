package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration BASE = Duration.ofMillis(500);
    private static final Duration CAP = Duration.ofSeconds(30);

    @Test
    void delaysDoubleUpToTheCapWithHalfOfEachRandom() {
        Backoff low = new Backoff(BASE, CAP, () -> 0.0);
        Backoff high = new Backoff(BASE, CAP, () -> 0.999999);
        long[] ceilings = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
        for (int attempt = 1; attempt <= ceilings.length; attempt++) {
            long ceiling = ceilings[attempt - 1];
            assertEquals(ceiling / 2, low.delay(attempt, null).toMillis(), "attempt " + attempt);
            assertEquals(ceiling, high.delay(attempt, null).toMillis(), "attempt " + attempt);
        }
        assertEquals(30000, high.delay(1000, null).toMillis());
    }

    @Test
    void retryAfterIsWaitedAtLeastAndCappedAtFiveMinutes() {
        Backoff b = new Backoff(BASE, CAP, () -> 0.0);
        assertEquals(7000, b.delay(1, Duration.ofSeconds(7)).toMillis());
        assertEquals(Duration.ofMinutes(5), b.delay(1, Duration.ofHours(2)));
        Backoff high = new Backoff(BASE, CAP, () -> 0.999999);
        assertEquals(2500, high.delay(7, Duration.ofSeconds(2)).toMillis());
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC);
        assertEquals(Duration.ofSeconds(3), Backoff.parseRetryAfter("3", clock));
        assertEquals(Duration.ofSeconds(90), Backoff.parseRetryAfter("Mon, 23 Nov 2026 08:01:30 GMT", clock));
        assertEquals(Duration.ZERO, Backoff.parseRetryAfter("Mon, 23 Nov 2026 07:00:00 GMT", clock));
        assertNull(Backoff.parseRetryAfter("soon", clock));
        assertNull(Backoff.parseRetryAfter(null, clock));
    }
}
