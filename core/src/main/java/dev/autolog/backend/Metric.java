package dev.autolog.backend;

/** One metric point; the timestamp is the moment it was captured. */
public record Metric(String key, double value, long timestampMillis, long step) {
}
