package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.system.MetricSource;
import dev.autolog.system.Reading;
import dev.autolog.system.SystemSources;
import java.lang.ref.WeakReference;

/**
 * On a Spark driver, the executors' aggregate as Spark's status store holds it (the totals of the Executors page of
 * Spark's UI, dead executors included, for the application so far): {@code spark_executor_task_time_milliseconds},
 * {@code spark_executor_gc_time_milliseconds}, {@code spark_executor_shuffle_read_megabytes} and
 * {@code spark_executor_shuffle_write_megabytes} (10^6 bytes). Watches the context of the latest fit; nothing once
 * it is stopped or collected.
 */
final class ExecutorMetrics implements MetricSource {
    private static final ExecutorMetrics INSTANCE = new ExecutorMetrics();
    private volatile WeakReference<Object> context = new WeakReference<>(null);

    /** From a fit on a driver thread: samples {@code sparkContext} from now on (system metrics on only). */
    static void watch(Object sparkContext) {
        if (INSTANCE.context.get() != sparkContext) {
            INSTANCE.context = new WeakReference<>(sparkContext);
        }
        SystemSources.add(INSTANCE);
    }

    @Override
    public void read(Reading reading, long nanoTime) throws Exception {
        Object sc = context.get();
        if (sc == null || Boolean.TRUE.equals(Reflect.call(sc, "isStopped"))) {
            return;
        }
        Object executors = Reflect.call(Reflect.call(Reflect.call(sc, "statusStore"), "executorList", false),
                "iterator");
        long taskMillis = 0;
        long gcMillis = 0;
        long shuffleRead = 0;
        long shuffleWrite = 0;
        while (Boolean.TRUE.equals(Reflect.call(executors, "hasNext"))) {
            Object summary = Reflect.call(executors, "next");
            taskMillis += (Long) Reflect.call(summary, "totalDuration");
            gcMillis += (Long) Reflect.call(summary, "totalGCTime");
            shuffleRead += (Long) Reflect.call(summary, "totalShuffleRead");
            shuffleWrite += (Long) Reflect.call(summary, "totalShuffleWrite");
        }
        reading.gauge("spark_executor_task_time_milliseconds", taskMillis);
        reading.gauge("spark_executor_gc_time_milliseconds", gcMillis);
        reading.gauge("spark_executor_shuffle_read_megabytes", shuffleRead / 1e6);
        reading.gauge("spark_executor_shuffle_write_megabytes", shuffleWrite / 1e6);
    }
}
