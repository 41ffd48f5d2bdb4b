package dev.autolog.cli;

import dev.autolog.backend.RunInfo;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How times and durations look in tables. */
final class Formats {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Formats() {
    }

    static String time(long epochMillis) {
        return LOCAL.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Until the end, or until now while the run has not ended. */
    static long durationMillis(RunInfo run, long nowMillis) {
        return Math.max(0, (run.endTime() == null ? nowMillis : run.endTime()) - run.startTime());
    }

    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        long s = millis / 1000;
        if (s < 60) {
            return String.format("%.1fs", millis / 1000.0);
        }
        return s < 3600 ? String.format("%dm%02ds", s / 60, s % 60) : String.format("%dh%02dm", s / 3600, s / 60 % 60);
    }
}
