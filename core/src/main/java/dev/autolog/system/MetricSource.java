package dev.autolog.system;

/** One source of system metrics, read on the sampler thread only. */
public interface MetricSource {

    /**
     * Adds what this source sees now to {@code reading}; {@code nanoTime} is the sampler's clock for this reading.
     * A source that cannot read a value leaves it out; an exception drops this source from this reading only.
     */
    void read(Reading reading, long nanoTime) throws Exception;
}
