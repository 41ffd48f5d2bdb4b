package dev.autolog.backend.mlflow;

import dev.autolog.logging.Deadline;
import dev.autolog.logging.Diagnostics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The background thread that replays the spool to the server: runs of this JVM as they are written, and runs a
 * previous JVM left unfinished. While the server is unreachable it backs off (exponentially, with jitter, honouring
 * Retry-After) and the spool simply grows; nothing is dropped. Refusals are reported once and skipped; a 401/403
 * stops shipping for this JVM (the spool keeps everything for the next start or {@code sync}).
 */
final class Shipper implements Runnable {
    /**
     * How long new writes gather before a pass, so that a pass carries many points in few requests. A pass that
     * starts before (a flush waits, a new run is to be created, ten requests' worth wait) sends only full requests
     * unless the run has ended; the rest waits for the next pass.
     */
    static final Duration LINGER = Duration.ofMillis(250);
    /** While someone waits in {@code flush()} (or the exit hook), a failed attempt is retried at least this often. */
    static final Duration FLUSH_RETRY = Duration.ofSeconds(1);
    /** Once this many entities wait (ten full requests), a pass starts without lingering. */
    static final int FULL_WINDOW = BatchSplitter.MAX_ENTITIES * 10;

    private final RunShipper runs;
    private final RunLocks locks;
    private final Backoff backoff;
    private final String server;
    private final Duration linger;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Set<String> tracked = new LinkedHashSet<>();
    private final Set<String> skipped = new LinkedHashSet<>();
    /** The sync state of each run this shipper works on, kept between passes (it owns the run's lock). */
    private final Map<String, SyncState> states = new HashMap<>();
    /** Runs this process created whose first pass has not begun: their state is known without reading it. */
    private final Set<String> fresh = ConcurrentHashMap.newKeySet();
    /** Runs whose spool folder was written anew since their last pass ({@link SyncState#spoolWrittenAnew()}). */
    private final Set<String> writtenAnew = ConcurrentHashMap.newKeySet();
    /** Bumped at every write to the spool; a pass that completes cleanly marks the value it started from done. */
    private long written;
    private long shipped = -1;
    /** Entities written since the last pass began. */
    private long waiting;
    /** A run was created: the next pass starts now, so the server's run exists by the time its points come. */
    private boolean created;
    private boolean stopped;
    private int flushWaiters;
    private volatile boolean unauthorized;
    private int failures;
    private Duration lastRetryAfter;
    private volatile MlflowError lastFailure;
    private Thread thread;

    Shipper(RunShipper runs, RunLocks locks, Backoff backoff, String server, Duration linger) {
        this.runs = runs;
        this.linger = linger;
        this.locks = locks;
        this.backoff = backoff;
        this.server = server;
    }

    /**
     * Starts the thread, keeping {@code lookup} ({@link MlflowClient#warmUp}) of {@code experiment} (may be null) for
     * the first run that needs its id ({@link RunShipper#expect}).
     */
    void start(List<String> leftOver, String experiment, Future<Optional<String>> lookup) {
        locked(() -> {
            tracked.addAll(leftOver);
            written++;
        });
        runs.expect(experiment, lookup);
        thread = new Thread(this, "autolog-mlflow-shipper");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code runId} was created in the spool, with the state {@link SyncState#ofNewRun()} saved. */
    void created(String runId) {
        fresh.add(runId);
        locked(() -> created = true);
        written(runId);
    }

    /** The spool's folder of {@code runId} vanished and was written anew: its files start from nothing again. */
    void writtenAnew(String runId) {
        writtenAnew.add(runId);
        written(runId);
    }

    /** Something of {@code runId} was written to the spool. Never blocks for long: called by the writer thread. */
    void written(String runId) {
        written(runId, 1);
    }

    /** {@code entities} params, tags and metric points of {@code runId} were written to the spool. */
    void written(String runId, int entities) {
        locked(() -> {
            tracked.add(runId);
            written++;
            waiting += entities;
            changed.signalAll();
        });
    }

    /** Waits until everything written so far reached the server; false when {@code timeout} passed first. */
    boolean awaitShipped(Duration timeout) throws InterruptedException {
        Deadline deadline = new Deadline(timeout);
        lock.lock();
        try {
            flushWaiters++;
            changed.signalAll();
            long target = written;
            while (shipped < target && !unauthorized && !stopped) {
                long left = deadline.nanosLeft();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return shipped >= target;
        } finally {
            flushWaiters--;
            lock.unlock();
        }
    }

    /** Runs not yet complete on the server. */
    List<String> pendingRuns() {
        lock.lock();
        try {
            return new ArrayList<>(tracked);
        } finally {
            lock.unlock();
        }
    }

    /** Why the last attempt failed, or null when it did not. */
    MlflowError lastFailure() {
        return lastFailure;
    }

    @Override
    public void run() {
        boolean heldBack = false;
        while (true) {
            long target;
            List<String> todo;
            boolean onlyFull;
            lock.lock();
            try {
                while (!stopped && (written == shipped && !heldBack || unauthorized)) {
                    changed.await();
                }
                long lingerLeft = linger.toNanos();
                while (!stopped && flushWaiters == 0 && waiting < FULL_WINDOW && !created && lingerLeft > 0) {
                    lingerLeft = changed.awaitNanos(lingerLeft);
                }
                if (stopped) {
                    return;
                }
                onlyFull = flushWaiters == 0 && lingerLeft > 0;
                target = written;
                waiting = 0;
                created = false;
                todo = new ArrayList<>(tracked);
                todo.removeAll(skipped);
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            Outcome outcome = pass(todo, onlyFull);
            heldBack = outcome == Outcome.HELD_BACK;
            if (outcome == Outcome.SENT) {
                markShipped(target);
            } else if (outcome == Outcome.WAIT && !sleep(backoff.delay(failures, lastRetryAfter), lastRetryAfter)) {
                return;
            }
        }
    }

    private enum Outcome {
        /** Everything written when the pass began is on the server. */
        SENT,
        /** All but a last part-full request, left for the next pass. */
        HELD_BACK,
        /** The server must be waited for. */
        WAIT
    }

    private Outcome pass(List<String> todo, boolean onlyFull) {
        boolean heldBack = false;
        for (String runId : todo) {
            if (!locks.tryLock(runId)) {
                continue; // another live process ships it; looked at again at the next pass
            }
            try {
                SyncState state = states.get(runId);
                if (state == null) {
                    state = fresh.remove(runId) ? SyncState.ofNewRun() : runs.state(runId);
                    states.put(runId, state);
                }
                if (writtenAnew.remove(runId)) {
                    state.spoolWrittenAnew();
                }
                runs.ship(runId, state, onlyFull);
                heldBack |= runs.heldBack();
                if (state.isDone() && !writtenAnew.contains(runId)) {
                    finished(runId);
                }
                lastFailure = null;
                if (failures > 0) {
                    Diagnostics.warn("MLflow server " + server + " is reachable again after " + failures
                            + " failed attempts; replaying the spool");
                    failures = 0;
                }
            } catch (MlflowError e) {
                if (e.isAuthFailure()) {
                    unauthorized = true;
                    lastFailure = e;
                    Diagnostics.backendError("mlflow-auth", e.getMessage() + "; check MLFLOW_TRACKING_TOKEN or "
                            + "MLFLOW_TRACKING_USERNAME/PASSWORD. Nothing more is sent by this JVM; runs stay in the spool");
                    signal();
                    return Outcome.WAIT;
                }
                if (!e.isTransient()) {
                    skip(runId, e);
                    continue;
                }
                failures++;
                lastRetryAfter = e.retryAfter();
                lastFailure = e;
                if (failures == 1) {
                    Diagnostics.warn(e.summary() + "; spooling, retrying with backoff");
                }
                Diagnostics.debug("attempt " + failures + " failed: " + e.getMessage());
                return Outcome.WAIT;
            } catch (IOException | RuntimeException | LinkageError e) {
                skip(runId, e); // a bug or a broken spool file must not stop the other runs or this thread
            }
        }
        return heldBack ? Outcome.HELD_BACK : Outcome.SENT;
    }

    private void skip(String runId, Throwable e) {
        states.remove(runId);
        Diagnostics.backendError("mlflow-refused", "cannot send run " + runId + " to " + server + ": " + e.getMessage()
                + "; it stays in the spool, training continues");
        locked(() -> skipped.add(runId));
    }

    private void finished(String runId) {
        states.remove(runId);
        locks.releaseDone(runId);
        locked(() -> tracked.remove(runId));
    }

    private void markShipped(long target) {
        locked(() -> {
            shipped = target;
            changed.signalAll();
        });
    }

    private void signal() {
        locked(changed::signalAll);
    }

    private void locked(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sleeps the backoff, waking early on {@link #stop()}. While a flush waits (one may start during the sleep), the
     * sleep ends at most {@link #FLUSH_RETRY} (or the server's Retry-After, if longer) after it began, so a server
     * back within the flush timeout still gets everything. False when stopped.
     */
    private boolean sleep(Duration backoffDelay, Duration retryAfter) {
        lock.lock();
        try {
            long start = System.nanoTime();
            long flushCap = Math.max(FLUSH_RETRY.toNanos(), retryAfter == null ? 0 : retryAfter.toNanos());
            long until = start + backoffDelay.toNanos();
            while (!stopped) {
                if (flushWaiters > 0) {
                    until = Math.min(until, start + flushCap);
                }
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            return !stopped;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    void stop() throws InterruptedException {
        locked(() -> {
            stopped = true;
            changed.signalAll();
        });
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        }
    }
}
