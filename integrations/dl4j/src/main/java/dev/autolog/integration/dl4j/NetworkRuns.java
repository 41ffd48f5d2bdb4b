package dev.autolog.integration.dl4j;

import dev.autolog.logging.Diagnostics;
import dev.autolog.run.Training;
import dev.autolog.run.TrackingEngine;
import dev.autolog.run.WeakIdentityMap;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every network's {@link NetworkRun}, and the daemon thread that ends them: a network not trained for
 * {@code autolog.dl4j.idle.timeout}; a network evaluated or saved and not trained again within {@link #DONE_GRACE}
 * (or the idle timeout, if shorter), so {@code for (epoch) { fit; evaluate; }} stays one run; a network garbage
 * collected. At JVM exit every open run ends before the engine's last flush.
 */
final class NetworkRuns {
    static final Duration DONE_GRACE = Duration.ofSeconds(10);

    private final WeakIdentityMap<NetworkRun> byNetwork = new WeakIdentityMap<>();
    private final Set<NetworkRun> open = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService reaper;
    private long idleNanos;
    private long doneNanos;

    synchronized NetworkRun of(Object network) {
        NetworkRun run = byNetwork.get(network);
        if (run == null) {
            run = new NetworkRun(network);
            byNetwork.put(network, run);
        }
        return run;
    }

    /** The run of a network that trains now: watched from now on. */
    void opened(NetworkRun run) {
        open.add(run);
        startReaper();
    }

    /** The network was evaluated or saved; returns its open run's training, or null. */
    Training done(Object network) {
        NetworkRun run = byNetwork.get(network);
        return run == null ? null : run.done(System.nanoTime());
    }

    /** The first rows the network's open run trained on, or null. */
    List<List<Double>> example(Object network) {
        NetworkRun run = byNetwork.get(network);
        return run == null ? null : run.example();
    }

    void modelSaved(Object network) {
        NetworkRun run = byNetwork.get(network);
        if (run != null) {
            run.modelSaved();
        }
    }

    private synchronized void startReaper() {
        if (reaper != null) {
            return;
        }
        TrackingEngine engine = TrackingEngine.get();
        idleNanos = engine.config().dl4jIdleTimeout().toNanos();
        doneNanos = Math.min(idleNanos, DONE_GRACE.toNanos());
        long period = Math.max(50, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(doneNanos) / 4));
        reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "autolog-dl4j-runs");
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        });
        reaper.scheduleWithFixedDelay(this::reap, period, period, TimeUnit.MILLISECONDS);
        engine.onShutdown(this::endAll);
    }

    private void reap() {
        try {
            for (NetworkRun run : byNetwork.removeCollected()) {
                end(run);
            }
            long now = System.nanoTime();
            for (NetworkRun run : open) {
                if (run.expired(now, idleNanos, doneNanos)) {
                    end(run);
                }
            }
        } catch (Throwable t) {
            Diagnostics.hookError("dl4j.runs", t);
        }
    }

    private void endAll() {
        for (NetworkRun run : open) {
            end(run);
        }
    }

    private void end(NetworkRun run) {
        open.remove(run);
        try {
            run.end();
        } catch (RuntimeException e) {
            Diagnostics.hookError("dl4j.runs", e);
        }
    }
}
