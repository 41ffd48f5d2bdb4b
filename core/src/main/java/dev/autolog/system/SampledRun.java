package dev.autolog.system;

import java.util.Map;

/** An open run as the sampler sees it: where one publication goes. */
public interface SampledRun {

    /** Logs {@code metrics} (full keys, {@code system/...}) at one timestamp and step. */
    void publish(Map<String, Double> metrics, long timestampMillis, long step);
}
