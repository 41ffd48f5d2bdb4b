package dev.autolog.system;

import dev.autolog.logging.Diagnostics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one sampler of the JVM: every {@code interval} after a run opened it reads every {@link MetricSource} and
 * logs the values under {@code system/<name>} to that run, at step 0, 1, … (one step per publication, MLflow's
 * step), the first one interval after the run opened; a partial interval at the end is not logged (as in
 * MLflow). Its thread ({@code autolog-system-metrics}, daemon) starts with the first run and waits without
 * waking while no run is open. Registration is all the opening and ending threads do; the reading, including the
 * run's starting point for cumulative counts, happens on the sampler thread.
 */
public final class SystemSampler {
    public static final String PREFIX = "system/";

    private final long intervalNanos;
    private final Supplier<List<MetricSource>> sourceFactory;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClock;
    private final Consumer<Runnable> threadStarter;
    private final Map<String, RunState> runs = new ConcurrentHashMap<>();
    private final Object wakeUp = new Object();
    private boolean wakeRequested;
    private boolean started;
    private List<MetricSource> sources;

    /** The JVM's sampler: real clocks, its own daemon thread, {@link SystemSources#all()}. */
    public static SystemSampler forThisJvm(Duration interval) {
        return new SystemSampler(interval, SystemSources::all, System::nanoTime, System::currentTimeMillis,
                loop -> {
                    Thread t = new Thread(loop, "autolog-system-metrics");
                    t.setDaemon(true);
                    t.start();
                });
    }

    SystemSampler(Duration interval, Supplier<List<MetricSource>> sourceFactory, LongSupplier nanoClock,
                  LongSupplier wallClock, Consumer<Runnable> threadStarter) {
        this.intervalNanos = interval.toNanos();
        this.sourceFactory = sourceFactory;
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        this.threadStarter = threadStarter;
    }

    /** Starts sampling for a run that just opened. Never throws. */
    public void runStarted(String runId, SampledRun run) {
        try {
            runs.put(runId, new RunState(run));
            synchronized (wakeUp) {
                wakeRequested = true;
                wakeUp.notifyAll();
                if (started) {
                    return;
                }
                started = true;
            }
            threadStarter.accept(this::loop);
        } catch (Throwable t) {
            Diagnostics.hookError("system metrics", t);
        }
    }

    /** Stops sampling for a run that ends; once this returns, nothing more is published to it. Never throws. */
    public void runEnded(String runId) {
        try {
            runs.remove(runId);
        } catch (Throwable t) {
            Diagnostics.hookError("system metrics", t);
        }
    }

    private void loop() {
        try {
            while (true) {
                long next = tick(nanoClock.getAsLong());
                synchronized (wakeUp) {
                    if (runs.isEmpty()) {
                        while (!wakeRequested) {
                            wakeUp.wait();
                        }
                    } else if (!wakeRequested) {
                        long waitMillis = Math.max(1, (next - nanoClock.getAsLong() + 999_999) / 1_000_000);
                        wakeUp.wait(waitMillis);
                    }
                    wakeRequested = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            Diagnostics.hookError("system metrics", t);
        }
    }

    /**
     * One pass at {@code now}: reads the sources when a run needs it, gives new runs their starting point and
     * publishes to the runs that are due. Returns when the next run is due ({@code now + interval} when none is).
     */
    long tick(long now) {
        boolean needed = runs.values().stream().anyMatch(s -> s.dueNanos == null || s.dueNanos - now <= 0);
        if (needed) {
            Reading reading = read(now);
            long timestamp = wallClock.getAsLong();
            for (String runId : runs.keySet()) {
                runs.computeIfPresent(runId, (id, state) -> {
                    state.advance(reading, now, timestamp, intervalNanos);
                    return state;
                });
            }
        }
        long next = now + intervalNanos;
        for (RunState state : runs.values()) {
            if (state.dueNanos != null && state.dueNanos - next < 0) {
                next = state.dueNanos;
            }
        }
        return next;
    }

    private Reading read(long now) {
        if (sources == null) {
            sources = sourceFactory.get();
        }
        Reading reading = new Reading();
        for (MetricSource source : sources) {
            readQuietly(source, reading, now);
        }
        for (MetricSource source : SystemSources.added()) {
            readQuietly(source, reading, now);
        }
        return reading;
    }

    private static void readQuietly(MetricSource source, Reading reading, long now) {
        try {
            source.read(reading, now);
        } catch (Throwable t) {
            Diagnostics.debug("system metrics: " + source.getClass().getSimpleName() + " skipped this sample: " + t);
        }
    }

    /** One run's progress: its starting point for totals, its last point for shares, its step and due time. */
    private static final class RunState {
        private final SampledRun run;
        private final Map<String, Double> startTotals = new LinkedHashMap<>();
        private final Map<String, double[]> lastShares = new LinkedHashMap<>();
        private Long dueNanos;
        private long step;

        RunState(SampledRun run) {
            this.run = run;
        }

        void advance(Reading reading, long now, long timestamp, long intervalNanos) {
            if (dueNanos == null) {
                startTotals.putAll(reading.totals);
                lastShares.putAll(reading.shares);
                dueNanos = now + intervalNanos;
                return;
            }
            if (dueNanos - now > 0) {
                return;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            reading.gauges.forEach((name, v) -> values.put(PREFIX + name, round1(v)));
            reading.shares.forEach((name, current) -> {
                double[] last = lastShares.get(name);
                double whole = last == null ? 0 : current[1] - last[1];
                if (whole > 0) {
                    values.put(PREFIX + name, round1(Math.max(0, Math.min(100, 100 * (current[0] - last[0]) / whole))));
                }
            });
            reading.totals.forEach((name, v) -> values.put(PREFIX + name, v - startTotals.computeIfAbsent(name, n -> v)));
            lastShares.putAll(reading.shares);
            if (!values.isEmpty()) {
                try {
                    run.publish(values, timestamp, step++);
                } catch (Throwable t) {
                    Diagnostics.hookError("system metrics", t);
                }
            }
            dueNanos += intervalNanos;
            if (dueNanos - now <= 0) {
                dueNanos = now + intervalNanos;
            }
        }
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
