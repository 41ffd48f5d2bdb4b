package dev.autolog.run;

import dev.autolog.RunStatus;
import dev.autolog.backend.Backends;
import dev.autolog.backend.NewRun;
import dev.autolog.config.AutologConfig;
import dev.autolog.model.ModelDirectory;
import dev.autolog.logging.BatchingWriter;
import dev.autolog.logging.Deadline;
import dev.autolog.logging.Diagnostics;
import dev.autolog.logging.Event;
import dev.autolog.logging.EventQueue;
import dev.autolog.system.SystemSampler;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one tracking engine of the JVM. With the agent attached it lives on the bootstrap class path, so the
 * {@code dev.autolog} API the application compiled against and the agent's hooks reach this same instance;
 * without the agent the API creates it on first use.
 */
public final class TrackingEngine {
    private static volatile TrackingEngine instance;

    private final AutologConfig config;
    private final ModelDirectory modelDirectory;
    private final EventQueue queue;
    private final BatchingWriter writer;
    private final Map<String, Run> openRuns = new ConcurrentHashMap<>();
    private final InheritableThreadLocal<Run> userRun = new InheritableThreadLocal<>();
    private final ThreadLocal<Run> looseRun = new ThreadLocal<>();
    /** The last user run a shell cell started: the active run of later cells, whichever thread runs them. */
    private volatile Run cellRun;
    /** Whether this thread ran cell code when it last looked for {@link #cellRun}: its stack is walked once a run. */
    private final ThreadLocal<CellCheck> cellCheck = new ThreadLocal<>();
    private final List<Runnable> shutdownClosers = new CopyOnWriteArrayList<>();
    /** Null unless {@code autolog.system.metrics} is on. */
    private final SystemSampler systemSampler;
    private volatile boolean autologgingEnabled;
    /** The least time the exit hook waits for what is queued to reach the local store: {@link #flushedAtExit}. */
    private static final Duration LOCAL_WRITE_WAIT = Duration.ofMinutes(1);
    /**
     * Set once the exit hook has ended the open runs, or from the start when the engine starts during shutdown:
     * whatever is logged then ends its run itself.
     */
    private volatile boolean exited;

    private TrackingEngine(AutologConfig config) {
        this.config = config;
        this.modelDirectory = new ModelDirectory(config.logModelSignatures(), config.logInputExamples());
        this.queue = new EventQueue(config.queueCapacity());
        Map<String, String>[] context = new Map[1];
        this.writer = new BatchingWriter(queue, () -> Backends.create(config), () -> {
            if (context[0] == null) {
                context[0] = SourceContext.tags();
            }
            return context[0];
        });
        this.autologgingEnabled = config.enabled();
        this.systemSampler = config.enabled() && config.systemMetrics()
                ? SystemSampler.forThisJvm(config.systemMetricsInterval()) : null;
        if (opensBackendAtStart(config)) {
            writer.startWithBackend();
        }
        Diagnostics.setDebug(config.debug());
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "autolog-shutdown"));
        } catch (IllegalStateException shutdownInProgress) {
            exited = true; // first used from an application's shutdown hook: no exit hook will end its runs
        }
    }

    /**
     * Whether the writer thread opens the backend as the engine starts, so that a tracking server's client loads
     * while the application starts: only for a server; a local store costs nothing to open and waits for a run.
     */
    static boolean opensBackendAtStart(AutologConfig config) {
        return config.enabled() && Backends.localPath(config.trackingUri()) == null;
    }

    /** The engine, created from the default configuration sources on first use. */
    public static TrackingEngine get() {
        TrackingEngine e = instance;
        return e != null ? e : install(AutologConfig.load(null));
    }

    /** Creates the engine with this configuration unless one exists already (the first caller wins). */
    public static synchronized TrackingEngine install(AutologConfig config) {
        if (instance == null) {
            instance = new TrackingEngine(config);
        }
        return instance;
    }

    /** Builds MLflow Model directories on the writer thread, as the configuration says. */
    ModelDirectory modelDirectory() {
        return modelDirectory;
    }

    public AutologConfig config() {
        return config;
    }

    public boolean autologgingEnabled() {
        return autologgingEnabled;
    }

    public void setAutologgingEnabled(boolean on) {
        autologgingEnabled = on && config.enabled();
    }

    Run startAutoRun(String framework, Map<String, String> frameworkTags) {
        Map<String, String> tags = new LinkedHashMap<>(frameworkTags);
        return start(RunNames.generate(framework, LocalDateTime.now()), false, null, tags);
    }

    /** Starts a run the user owns; it becomes the active run of this thread (and threads it starts). */
    public Run startUserRun(String name) {
        endLooseRun();
        Run parent = currentUserRun();
        Map<String, String> tags = new LinkedHashMap<>();
        if (parent != null) {
            tags.put("mlflow.parentRunId", parent.id());
        }
        String runName = name == null || name.isBlank() ? RunNames.generate("run", LocalDateTime.now()) : name;
        Run run = start(runName, true, parent, tags);
        userRun.set(run);
        if (ShellCells.runningCellCode()) {
            cellRun = run;
        }
        return run;
    }

    /**
     * The user's active run on this thread, or null. A thread without one that runs shell cell code (a later cell,
     * on a thread of its own) gets the run the last cell started, while it is open, else its open parent.
     */
    public Run currentUserRun() {
        Run own = openOrParent(userRun.get());
        if (own != null) {
            return own;
        }
        Run cells = openOrParent(cellRun);
        if (cells == null) {
            return null;
        }
        CellCheck check = cellCheck.get();
        if (check == null || check.cellRun() != cells) {
            check = new CellCheck(cells, ShellCells.runningCellCode());
            cellCheck.set(check);
        }
        return check.runsCellCode() ? cells : null;
    }

    private record CellCheck(Run cellRun, boolean runsCellCode) {
    }

    private static Run openOrParent(Run run) {
        Run r = run;
        while (r != null && r.isEnded()) {
            r = r.parent();
        }
        return r;
    }

    /**
     * The run of a logging call that has no run to go to (no user run, no training on this thread): one per thread,
     * never inherited and never joined by a training; it ends FINISHED when this thread starts a training or a user
     * run, or at JVM exit (after the exit hook, each call {@linkplain #settle writes it ended}).
     */
    Run looseRun() {
        Run run = looseRun.get();
        if (run == null || run.isEnded() && !exited) {
            run = start(RunNames.generate("run", LocalDateTime.now()), true, null, new LinkedHashMap<>());
            looseRun.set(run);
        }
        return run;
    }

    void endLooseRun() {
        Run run = looseRun.get();
        if (run != null) {
            looseRun.remove();
            run.end(RunStatus.FINISHED);
        }
    }

    private Run start(String name, boolean userStarted, Run parent, Map<String, String> tags) {
        tags.putAll(config.runTags());
        Run run = new Run(this, RunNames.newRunId(), name, userStarted, parent);
        if (config.enabled()) {
            openRuns.put(run.id(), run);
        }
        enqueue(new Event.CreateRun(NewRun.startingNow(run.id(), config.experimentName(), name,
                System.getProperty("user.name", "unknown"), tags), true));
        if (systemSampler != null) {
            systemSampler.runStarted(run.id(), (metrics, timestamp, step) ->
                    metrics.forEach((key, value) -> run.logMetricAt(key, value, timestamp, step)));
        }
        writer.wake(); // a server backend creates the run remotely at once: the writer need not finish its idle nap
        if (exited) {
            settle(run);
        }
        return run;
    }

    boolean exited() {
        return exited;
    }

    /**
     * After the exit hook (an application's own shutdown hook logging late): writes {@code run} as ended, with its
     * status, or FINISHED while it runs, so that the store holds it ended, its new data covered, should the JVM halt
     * now; waits until that is written. A running run stays open for its owner (the user, an {@code @AutologRun}
     * method, a training), whose end then writes the real status.
     */
    void settle(Run run) {
        RunStatus status = run.endStatus();
        enqueue(new Event.EndRun(run.id(), status != null ? status : RunStatus.FINISHED, System.currentTimeMillis()));
        flushedAtExit();
    }

    void runEnded(Run run, RunStatus status) {
        openRuns.remove(run.id());
        if (systemSampler != null) {
            systemSampler.runEnded(run.id());
        }
        if (userRun.get() == run) {
            userRun.set(run.parent());
        }
        enqueue(new Event.EndRun(run.id(), status, System.currentTimeMillis()));
        if (exited) {
            flushedAtExit(); // nothing ends it later: the JVM may halt once this call returns
        } else {
            writer.wake();
        }
    }

    void enqueue(Event event) {
        if (!config.enabled()) {
            return;
        }
        writer.ensureStarted();
        queue.offer(event);
    }

    /**
     * Waits until everything enqueued so far is durable, at most {@code timeout}; true if it all was: false also when
     * a write failed since the previous flush or a run could not be ended.
     */
    public boolean flush(Duration timeout) {
        return Boolean.TRUE.equals(flushed(timeout));
    }

    /** Null when the flush did not complete within {@code timeout}, else whether everything was written. */
    private Boolean flushed(Duration timeout) {
        if (!config.enabled()) {
            return true;
        }
        Event.Flush flush = requestFlush();
        return await(flush.done(), timeout) ? flush.written().get() : null;
    }

    /**
     * The exit hook's flush: {@code autolog.flush.timeout} is how long to wait for a server, but what is queued is
     * first written to the local store (a server's spool) however short that timeout, at most
     * {@link #LOCAL_WRITE_WAIT} or the timeout if longer: a local write takes moments, and the JVM halting in the
     * middle of it would lose the run. Null when the flush did not complete, else whether everything was written.
     */
    private Boolean flushedAtExit() {
        if (!config.enabled()) {
            return true;
        }
        Event.Flush flush = requestFlush();
        Duration timeout = config.flushTimeout();
        boolean stored = await(flush.stored(), timeout.compareTo(LOCAL_WRITE_WAIT) > 0 ? timeout : LOCAL_WRITE_WAIT);
        return stored && await(flush.done(), timeout) ? flush.written().get() : null;
    }

    private Event.Flush requestFlush() {
        Event.Flush flush = new Event.Flush();
        enqueue(flush);
        writer.wake();
        return flush;
    }

    private static boolean await(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(Deadline.nanos(timeout), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs {@code closer} at JVM exit before the runs still open are ended as KILLED: an integration that keeps
     * runs open beyond a training (DL4J's one run per network) ends them there with their real status.
     */
    public void onShutdown(Runnable closer) {
        shutdownClosers.add(closer);
    }

    private void shutdown() {
        try {
            for (Runnable closer : shutdownClosers) {
                try {
                    closer.run();
                } catch (Throwable t) {
                    Diagnostics.hookError("autolog-shutdown", t);
                }
            }
            endOpenRuns();
            exited = true;
            endOpenRuns();
            if (flushedAtExit() == null) {
                // a backend that keeps what it has not delivered (the MLflow spool) says so when closed
                if (!queue.holdsOnlyFlushes()) {
                    Diagnostics.warn("not everything reached the store within autolog.flush.timeout="
                            + Deadline.millis(config.flushTimeout()) + "ms; what was still queued at exit is lost");
                }
            } else {
                writer.reportRunsLeftRunning();
            }
            writer.closeBackend();
            reportSummary();
        } catch (Throwable t) {
            Diagnostics.hookError("autolog-shutdown", t);
        }
    }

    private void endOpenRuns() {
        for (Run run : openRuns.values()) {
            run.end(run.userStarted() ? RunStatus.FINISHED : RunStatus.KILLED);
        }
    }

    private void reportSummary() {
        long hooks = Diagnostics.hookErrors();
        long instr = Diagnostics.instrumentationErrors();
        long backend = Diagnostics.backendErrors();
        long dropped = queue.droppedMetrics();
        long notStored = Diagnostics.valuesNotStored();
        if (Diagnostics.debugEnabled() || hooks + instr + backend + dropped + notStored > 0) {
            Diagnostics.warn(hooks + " advice errors, " + instr + " instrumentation errors, " + backend
                    + " store errors" + (notStored > 0 ? " (" + notStored + " values not stored)" : "") + ", "
                    + dropped + " dropped metric points"
                    + (Diagnostics.debugEnabled() ? "" : "; set autolog.debug=true for details"));
        }
    }
}
