package dev.autolog.run;

import dev.autolog.RunStatus;
import dev.autolog.backend.Metric;
import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import dev.autolog.logging.Diagnostics;
import dev.autolog.logging.Event;
import dev.autolog.dataset.DatasetSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One run as the capture side sees it: every call turns into an {@link Event} on the engine's queue. Cheap and
 * non-blocking; remembers the params it logged so that a repeated training can tell which values differ.
 */
public final class Run {
    private final TrackingEngine engine;
    private final String id;
    private final String name;
    private final boolean userStarted;
    private final Run parent;
    private final Map<String, String> params = new ConcurrentHashMap<>();
    private final AtomicInteger trainings = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile RunStatus endStatus;

    Run(TrackingEngine engine, String id, String name, boolean userStarted, Run parent) {
        this.engine = engine;
        this.id = id;
        this.name = name;
        this.userStarted = userStarted;
        this.parent = parent;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** True for runs the user started (API or annotation); autologging never ends those. */
    public boolean userStarted() {
        return userStarted;
    }

    Run parent() {
        return parent;
    }

    public boolean isEnded() {
        return ended.get();
    }

    /** Logs a param; a key already logged keeps its first value (params are immutable, as in MLflow). */
    public void logParam(String key, String value) {
        String previous = params.putIfAbsent(key, value);
        if (previous == null) {
            send(new Event.LogParam(id, new Param(key, value)));
        } else if (!previous.equals(value)) {
            Diagnostics.valueRefused("param:" + id + ":" + key, "param " + key + " of run " + name + " is already "
                    + previous + "; params cannot change, ignoring " + value);
        }
    }

    /** The value already logged under {@code key}, or null. */
    public String paramValue(String key) {
        return params.get(key);
    }

    public void logMetric(String key, double value, long step) {
        logMetric(key, value, step, null);
    }

    /** {@code modelId}: the LoggedModel the point also belongs to, or null. */
    void logMetric(String key, double value, long step, String modelId) {
        send(new Event.LogMetric(id, new Metric(key, value, System.currentTimeMillis(), step), modelId));
    }

    /** A point captured off the training thread, with the moment it describes (system metrics). */
    void logMetricAt(String key, double value, long timestampMillis, long step) {
        send(new Event.LogMetric(id, new Metric(key, value, timestampMillis, step), null));
    }

    void logModelParam(String modelId, String key, String value) {
        send(new Event.LogModelParam(id, modelId, new Param(key, value)));
    }

    /** Links datasets to the run as its inputs; nothing when {@code autolog.log.datasets} is false. */
    public void logInputs(List<DatasetSpec> datasets) {
        if (!datasets.isEmpty() && engine.config().logDatasets()) {
            send(new Event.LogInputs(id, List.copyOf(datasets)));
        }
    }

    public void setTag(String key, String value) {
        send(new Event.SetTag(id, new Tag(key, value)));
    }

    public void logArtifact(String path, byte[] content) {
        send(new Event.ArtifactBytes(id, path, content));
    }

    public void logDeferredArtifact(String path, Supplier<byte[]> content) {
        send(new Event.DeferredArtifact(id, path, content));
    }

    public void logArtifactFile(String path, Path source) {
        send(new Event.ArtifactFile(id, path, source));
    }

    private void send(Event event) {
        engine.enqueue(event);
        if (engine.exited()) {
            engine.settle(this);
        }
    }

    /** The status it ended with; null while it runs. */
    RunStatus endStatus() {
        return endStatus;
    }

    /** Numbers the trainings that log into this run: 1 for the first. */
    int nextTrainingIndex() {
        return trainings.incrementAndGet();
    }

    /** Ends the run once; later calls do nothing. */
    public void end(RunStatus status) {
        if (ended.compareAndSet(false, true)) {
            endStatus = status;
            engine.runEnded(this, status);
        }
    }
}
