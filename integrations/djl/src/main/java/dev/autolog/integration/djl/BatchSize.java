package dev.autolog.integration.djl;

import dev.autolog.agent.tooling.Reflect;

/** How many records a DJL {@code Batch} holds ({@code getSize()}). */
final class BatchSize {
    private BatchSize() {
    }

    static Object of(Object batch) throws Exception {
        return Reflect.call(batch, "getSize");
    }
}
