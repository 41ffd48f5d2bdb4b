package dev.autolog.integration.spark;

import dev.autolog.hook.Hook;
import dev.autolog.run.TrackingEngine;

/** Before {@code SparkContext.stop}: lets the tracking's own Spark jobs of finished fits complete ({@link AfterFit}). */
final class ContextStopHook implements Hook {

    @Override
    public Object enter(Object self, Object[] args) throws InterruptedException {
        AfterFit.awaitAll(TrackingEngine.get().config().flushTimeout().toMillis());
        return null;
    }

    @Override
    public void exit(Object state, Object self, Object[] args, Object returned, Throwable thrown) {
    }
}
