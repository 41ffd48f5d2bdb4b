package dev.autolog.logging;

import dev.autolog.backend.Backend;
import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LoggedModelStatus;
import dev.autolog.backend.Metric;
import dev.autolog.backend.ModelVersionRequest;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import dev.autolog.backend.StoreErrors;
import dev.autolog.backend.Tag;
import dev.autolog.backend.ValuesNotStoredException;
import dev.autolog.dataset.DatasetInputs;
import dev.autolog.dataset.DatasetSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The daemon thread that drains the {@link EventQueue}, coalesces consecutive params, metrics and tags of a
 * run into one {@link Backend#logBatch} call, and keeps every run's events in capture order. The backend is
 * created on this thread, at the first event or (for a tracking server, {@link #startWithBackend()}) as soon as the
 * engine starts, so no I/O happens on the application's start-up path or on a training thread.
 */
public final class BatchingWriter implements Runnable {
    private static final int DRAIN_MAX = 10_000;
    /**
     * The nap after a drain smaller than {@link EventQueue#BACKLOG}: a trickle of points (one per training step) is
     * written in batches, each costing the machine about the same whatever its size. Cut short by {@link #wake()}
     * (a run starts or ends, a flush) and by a backlog in the queue.
     */
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final EventQueue queue;
    private final Supplier<Backend> backendFactory;
    private final Supplier<Map<String, String>> contextTags;
    private final Map<String, PendingBatch> pending = new LinkedHashMap<>();
    private final Map<String, Event.EndRun> unended = new ConcurrentHashMap<>();
    private final Set<String> notCreated = new HashSet<>();
    private boolean failedSinceFlush;
    /** Models whose directory could not be written: their LoggedModel ends FAILED. */
    private final Set<String> failedModels = new HashSet<>();
    private volatile Thread thread;
    private volatile boolean openFirst;
    private Backend backend;

    public BatchingWriter(EventQueue queue, Supplier<Backend> backendFactory, Supplier<Map<String, String>> contextTags) {
        this.queue = queue;
        this.backendFactory = backendFactory;
        this.contextTags = contextTags;
        queue.onBacklog(this::wake);
    }

    /** Starts the thread once; safe to call from any thread, cheap after the first call. */
    public void ensureStarted() {
        if (thread == null) {
            synchronized (this) {
                if (thread == null) {
                    Thread t = new Thread(this, "autolog-writer");
                    t.setDaemon(true);
                    t.start();
                    thread = t;
                }
            }
        }
    }

    /**
     * Starts the thread and has it create the backend now rather than at the first event: a tracking server's
     * client takes a cold JVM a while to load, which a short job's first run would otherwise wait for.
     */
    public void startWithBackend() {
        openFirst = true;
        ensureStarted();
    }

    /** Asks the thread to look at the queue now rather than at its next idle wake-up. */
    public void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void run() {
        if (openFirst) {
            call("open", this::backend);
        }
        while (true) {
            try {
                List<Event> events = queue.drain(DRAIN_MAX);
                if (!events.isEmpty()) {
                    write(events);
                }
                if (events.size() < EventQueue.BACKLOG) {
                    LockSupport.parkNanos(this, NAP_NANOS);
                }
            } catch (Throwable t) {
                Diagnostics.hookError("autolog-writer", t);
            }
        }
    }

    /** Hands a drained slice to the backend. Package-private for tests that drive the writer synchronously. */
    void write(List<Event> events) {
        for (Event e : events) {
            if (e instanceof Event.LogMetric m) {
                PendingBatch b = batch(m.runId());
                b.metrics.add(m.metric());
                if (m.modelId() != null) {
                    b.modelMetrics.computeIfAbsent(m.modelId(), id -> new ArrayList<>()).add(m.metric());
                }
            } else if (e instanceof Event.LogModelParam p) {
                batch(p.runId()).modelParams.computeIfAbsent(p.modelId(), id -> new ArrayList<>()).add(p.param());
            } else if (e instanceof Event.LogParam p) {
                batch(p.runId()).params.add(p.param());
            } else if (e instanceof Event.SetTag t) {
                batch(t.runId()).tags.add(t.tag());
            } else {
                writePending();
                writeControl(e);
            }
        }
        writePending();
        if (!unended.isEmpty()) {
            endRunsLeftRunning();
        }
    }

    private void writeControl(Event e) {
        if (e instanceof Event.Flush f) {
            endRunsLeftRunning();
            f.stored().countDown();
            boolean flushed = call("flush", () -> backend().flush());
            f.written().set(flushed && !failedSinceFlush && unended.isEmpty());
            failedSinceFlush = false;
            f.done().countDown();
        } else if (e instanceof Event.CreateRun c) {
            NewRun run = withContext(c);
            boolean[] exists = {false}; // a run whose creation failed part-way (a tag not stored) exists
            boolean created = call("create run " + run.runName(), run.tags().size(), () -> {
                try {
                    backend().createRun(run);
                } catch (ValuesNotStoredException partly) {
                    exists[0] = true;
                    throw partly;
                }
            });
            if (!created && !exists[0]) {
                notCreated.add(run.runId());
            }
        } else if (e instanceof Event.ArtifactBytes a) {
            call("write artifact " + a.path(), () -> backend().logArtifact(a.runId(), a.path(), a.content()));
        } else if (e instanceof Event.DeferredArtifact a) {
            call("write artifact " + a.path(), () -> backend().logArtifact(a.runId(), a.path(), a.content().get()));
        } else if (e instanceof Event.ArtifactFile a) {
            call("copy artifact " + a.source(), () -> backend().logArtifactFile(a.runId(), a.path(), a.source()));
        } else if (e instanceof Event.CreateLoggedModel c) {
            call("create logged model " + c.model().name(), () -> backend().createLoggedModel(c.model()));
        } else if (e instanceof Event.LogInputs in) {
            writeInputs(in);
        } else if (e instanceof Event.LogModel m) {
            writeModel(m);
        } else if (e instanceof Event.FinalizeLoggedModel f) {
            LoggedModelStatus status = failedModels.remove(f.modelId()) ? LoggedModelStatus.FAILED : f.status();
            call("finalize logged model " + f.modelId(),
                    () -> backend().finalizeLoggedModel(f.runId(), f.modelId(), status, f.timeMillis()));
        } else if (e instanceof Event.EndRun end) {
            boolean ended = call("end run", () -> backend().endRun(end.runId(), end.status(), end.endTimeMillis()));
            if (!notCreated.remove(end.runId()) && !ended) {
                unended.put(end.runId(), end);
            }
        }
    }

    /** Tries again to end the runs whose end failed: a full disk may have room again. */
    private void endRunsLeftRunning() {
        for (Event.EndRun end : List.copyOf(unended.values())) {
            try {
                backend().endRun(end.runId(), end.status(), end.endTimeMillis());
                unended.remove(end.runId());
            } catch (Exception | LinkageError | StackOverflowError e) {
                Diagnostics.debug("ending run " + end.runId() + " failed again: " + StoreErrors.describe(e));
            }
        }
    }

    /**
     * Says which runs could not be ended and stay RUNNING in the store, with the command that ends them; called by
     * the exit hook after the final flush.
     */
    public void reportRunsLeftRunning() {
        for (Event.EndRun end : unended.values()) {
            Path dir = backend == null ? null : backend.localDirectory();
            Diagnostics.warn("run " + end.runId() + " is left RUNNING in " + (dir == null ? "the tracking store" : dir)
                    + ": its end could not be written" + (dir == null ? "" : "; end it with: java -jar "
                    + "autolog-agent.jar runs end " + end.runId() + " --status " + end.status() + " --store " + dir));
        }
    }

    private void writeModel(Event.LogModel m) {
        boolean written = call("write model " + m.path(),
                () -> m.directory().write(backend(), m.runId(), m.path(), m.modelId(), m.spec(), m.createdMillis()));
        if (!written) {
            failedModels.add(m.modelId());
        } else if (m.registeredName() != null) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("autolog.framework", m.spec().framework());
            tags.put("autolog.run_id", m.runId());
            call("register model " + m.registeredName(), () -> backend().registerModelVersion(
                    new ModelVersionRequest(m.registeredName(), m.runId(), m.modelId(), m.path(), tags)));
        }
    }

    /** A dataset whose description fails is left out with one line; the others are logged. */
    private void writeInputs(Event.LogInputs in) {
        List<DatasetInput> inputs = new ArrayList<>();
        for (DatasetSpec spec : in.datasets()) {
            try {
                inputs.add(DatasetInputs.of(spec, contextTags.get()));
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                Diagnostics.hookError("dataset " + spec.name(), e);
            }
        }
        if (!inputs.isEmpty()) {
            call("log datasets", () -> backend().logInputs(in.runId(), inputs));
        }
    }

    private NewRun withContext(Event.CreateRun c) {
        if (!c.withContextTags()) {
            return c.run();
        }
        Map<String, String> tags = new LinkedHashMap<>(contextTags.get());
        tags.putAll(c.run().tags());
        return c.run().withTags(tags);
    }

    private PendingBatch batch(String runId) {
        return pending.computeIfAbsent(runId, id -> new PendingBatch());
    }

    private void writePending() {
        for (Map.Entry<String, PendingBatch> entry : pending.entrySet()) {
            PendingBatch b = entry.getValue();
            call("log to run", b.metrics.size() + b.params.size() + b.tags.size(),
                    () -> backend().logBatch(entry.getKey(), b.metrics, b.params, b.tags));
            b.modelParams.forEach((model, params) -> call("log to model " + model,
                    () -> backend().logLoggedModelParams(entry.getKey(), model, params)));
            b.modelMetrics.forEach((model, metrics) -> call("log to model " + model,
                    () -> backend().logLoggedModelMetrics(entry.getKey(), model, metrics)));
        }
        pending.clear();
    }

    private Backend backend() throws Exception {
        if (backend == null) {
            backend = backendFactory.get();
        }
        return backend;
    }

    private boolean call(String what, BackendCall call) {
        return call(what, 0, call);
    }

    /**
     * {@code values}: the metric points, params and tags the call stores, all lost when it fails outright. False
     * when it failed.
     */
    private boolean call(String what, long values, BackendCall call) {
        try {
            call.run();
            return true;
        } catch (Exception | LinkageError | StackOverflowError e) {
            failedSinceFlush = true;
            String where = backend == null ? "the tracking store" : backend.describe();
            long lost = e instanceof ValuesNotStoredException partly ? partly.values() : values;
            Diagnostics.backendError(where, "cannot " + what + " in " + where + ": " + StoreErrors.describe(e)
                    + "; training continues, later errors of this store are only counted", lost);
            return false;
        }
    }

    /** Closes the backend; called by the exit hook after the final flush. */
    public void closeBackend() {
        try {
            if (backend != null) {
                backend.close();
            }
        } catch (Exception e) {
            Diagnostics.debug("closing backend: " + e);
        }
    }

    private interface BackendCall {
        void run() throws Exception;
    }

    private static final class PendingBatch {
        final List<Metric> metrics = new ArrayList<>();
        final List<Param> params = new ArrayList<>();
        final List<Tag> tags = new ArrayList<>();
        final Map<String, List<Param>> modelParams = new LinkedHashMap<>();
        final Map<String, List<Metric>> modelMetrics = new LinkedHashMap<>();
    }
}
