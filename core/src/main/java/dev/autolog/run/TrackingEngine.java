package dev.autolog.run;

import dev.autolog.RunStatus;
import dev.autolog.backend.Backends;
import dev.autolog.backend.NewRun;
import dev.autolog.config.AutologConfig;
import dev.autolog.model.ModelDirectory;
import dev.autolog.logging.BatchingWriter;
import dev.autolog.logging.Diagnostics;
import dev.autolog.logging.Event;
import dev.autolog.logging.EventQueue;
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
    private final List<Runnable> shutdownClosers = new CopyOnWriteArrayList<>();
    private volatile boolean autologgingEnabled;

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
        Diagnostics.setDebug(config.debug());
        Thread hook = new Thread(this::shutdown, "autolog-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
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
        Run parent = currentUserRun();
        Map<String, String> tags = new LinkedHashMap<>();
        if (parent != null) {
            tags.put("mlflow.parentRunId", parent.id());
        }
        String runName = name == null || name.isBlank() ? RunNames.generate("run", LocalDateTime.now()) : name;
        Run run = start(runName, true, parent, tags);
        userRun.set(run);
        return run;
    }

    /** The user's active run on this thread, or null. */
    public Run currentUserRun() {
        Run r = userRun.get();
        while (r != null && r.isEnded()) {
            r = r.parent();
        }
        return r;
    }

    private Run start(String name, boolean userStarted, Run parent, Map<String, String> tags) {
        tags.putAll(config.runTags());
        Run run = new Run(this, RunNames.newRunId(), name, userStarted, parent);
        if (config.enabled()) {
            openRuns.put(run.id(), run);
        }
        enqueue(new Event.CreateRun(new NewRun(run.id(), config.experimentName(), name, System.currentTimeMillis(),
                System.getProperty("user.name", "unknown"), tags), true));
        return run;
    }

    void runEnded(Run run, RunStatus status) {
        openRuns.remove(run.id());
        if (userRun.get() == run) {
            userRun.set(run.parent());
        }
        enqueue(new Event.EndRun(run.id(), status, System.currentTimeMillis()));
        writer.wake();
    }

    void enqueue(Event event) {
        if (!config.enabled()) {
            return;
        }
        writer.ensureStarted();
        queue.offer(event);
    }

    /** Waits until everything enqueued so far is durable, at most {@code timeout}; true if it all was. */
    public boolean flush(Duration timeout) {
        if (!config.enabled()) {
            return true;
        }
        CountDownLatch done = new CountDownLatch(1);
        enqueue(new Event.Flush(done));
        writer.wake();
        try {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
            for (Run run : openRuns.values()) {
                run.end(run.userStarted() ? RunStatus.FINISHED : RunStatus.KILLED);
            }
            if (!flush(config.flushTimeout())) {
                Diagnostics.warn("not everything was written within autolog.flush.timeout=" + config.flushTimeout()
                        .toMillis() + "ms; the rest is lost");
            }
            writer.closeBackend();
            reportSummary();
        } catch (Throwable t) {
            Diagnostics.hookError("autolog-shutdown", t);
        }
    }

    private void reportSummary() {
        long hooks = Diagnostics.hookErrors();
        long instr = Diagnostics.instrumentationErrors();
        long backend = Diagnostics.backendErrors();
        long dropped = queue.droppedMetrics();
        if (Diagnostics.debugEnabled() || hooks + instr + backend + dropped > 0) {
            Diagnostics.warn(hooks + " advice errors, " + instr + " instrumentation errors, " + backend
                    + " store errors, " + dropped + " dropped metric points"
                    + (Diagnostics.debugEnabled() ? "" : "; set autolog.debug=true for details"));
        }
    }
}
