package dev.autolog.integration.spark;

import dev.autolog.logging.Diagnostics;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What tracking a fit costs in Spark jobs (the training summary's metrics, saving the model) runs on two daemon
 * threads after the fit returned, so the fit takes as long as without autologging and the summary's aggregation
 * overlaps the save's small jobs (mostly driver-side file work). {@code SparkContext.stop} waits for them
 * ({@link #awaitAll}), since those jobs need the context; bounded, and a failure is counted, never thrown at the
 * application.
 */
final class AfterFit {
    private static final ExecutorService WORKER = workers(2);
    private static final Object LOCK = new Object();
    private static int pending;

    private AfterFit() {
    }

    private static ExecutorService workers(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "autolog-spark-after-fit");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    interface Work {
        void run() throws Exception;
    }

    static void submit(Work work) {
        synchronized (LOCK) {
            pending++;
        }
        WORKER.execute(() -> {
            try {
                work.run();
            } catch (Exception | LinkageError e) {
                Diagnostics.hookError(SparkIntegration.FIT_HOOK, e);
            } finally {
                synchronized (LOCK) {
                    pending--;
                    LOCK.notifyAll();
                }
            }
        });
    }

    /** Waits until no work is pending, at most {@code timeoutMillis}. */
    static void awaitAll(long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        synchronized (LOCK) {
            for (long left = timeoutMillis; pending > 0 && left > 0; left = end - System.currentTimeMillis()) {
                LOCK.wait(left);
            }
        }
    }
}
