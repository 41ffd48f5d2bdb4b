package dev.autolog.cli;

/** What a search reads of one run. */
interface RunValues {
    /**
     * A metric's latest value as a Double (MLflow's latest: greatest step, then timestamp), a time attribute as a
     * Long, a dataset field as the list of its datasets' values, anything else as a String; null when the run has no
     * such key (or has not ended, for {@code end_time}; or has no datasets).
     */
    Object value(SearchField field);
}
