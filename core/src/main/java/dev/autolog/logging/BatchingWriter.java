package dev.autolog.logging;

import dev.autolog.backend.Backend;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final EventQueue queue;
    private final Supplier<Backend> backendFactory;
    private final Supplier<Map<String, String>> contextTags;
    private final Map<String, PendingBatch> pending = new LinkedHashMap<>();
    private volatile Thread thread;
    private volatile boolean openFirst;
    private Backend backend;

    public BatchingWriter(EventQueue queue, Supplier<Backend> backendFactory, Supplier<Map<String, String>> contextTags) {
        this.queue = queue;
        this.backendFactory = backendFactory;
        this.contextTags = contextTags;
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
                if (events.isEmpty()) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                } else {
                    write(events);
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
                batch(m.runId()).metrics.add(m.metric());
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
    }

    private void writeControl(Event e) {
        if (e instanceof Event.Flush f) {
            call("flush", () -> backend().flush());
            f.done().countDown();
        } else if (e instanceof Event.CreateRun c) {
            call("create run " + c.run().runName(), () -> backend().createRun(withContext(c)));
        } else if (e instanceof Event.ArtifactBytes a) {
            call("write artifact " + a.path(), () -> backend().logArtifact(a.runId(), a.path(), a.content()));
        } else if (e instanceof Event.DeferredArtifact a) {
            call("write artifact " + a.path(), () -> backend().logArtifact(a.runId(), a.path(), a.content().get()));
        } else if (e instanceof Event.ArtifactFile a) {
            call("copy artifact " + a.source(), () -> backend().logArtifactFile(a.runId(), a.path(), a.source()));
        } else if (e instanceof Event.EndRun end) {
            call("end run", () -> backend().endRun(end.runId(), end.status(), end.endTimeMillis()));
        }
    }

    private NewRun withContext(Event.CreateRun c) {
        if (!c.withContextTags()) {
            return c.run();
        }
        Map<String, String> tags = new LinkedHashMap<>(contextTags.get());
        tags.putAll(c.run().tags());
        NewRun r = c.run();
        return new NewRun(r.runId(), r.experimentName(), r.runName(), r.startTimeMillis(), r.user(), tags);
    }

    private PendingBatch batch(String runId) {
        return pending.computeIfAbsent(runId, id -> new PendingBatch());
    }

    private void writePending() {
        for (Map.Entry<String, PendingBatch> entry : pending.entrySet()) {
            PendingBatch b = entry.getValue();
            call("log to run", () -> backend().logBatch(entry.getKey(), b.metrics, b.params, b.tags));
        }
        pending.clear();
    }

    private Backend backend() throws Exception {
        if (backend == null) {
            backend = backendFactory.get();
        }
        return backend;
    }

    private void call(String what, BackendCall call) {
        try {
            call.run();
        } catch (Exception | LinkageError | StackOverflowError e) {
            String where = backend == null ? "the tracking store" : backend.describe();
            Diagnostics.backendError(where, "cannot " + what + " in " + where + ": " + reason(e)
                    + "; training continues, later errors of this store are only counted");
        }
    }

    /** What went wrong, in words: a file system error's message is often only the path. */
    static String reason(Throwable e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException
                || e instanceof FileSystemException f && "Not a directory".equals(f.getReason())) {
            return notADirectory(((FileSystemException) e).getFile()) + " is not a directory";
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof FileSystemException f) {
            String why = f.getReason() == null ? "" : f.getReason();
            return (why.toLowerCase(Locale.ROOT).contains("no space") ? "no space left on device" : why.isEmpty()
                    ? e.getClass().getSimpleName() : why) + ": " + f.getFile();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The file in the way: the deepest existing part of {@code path}, when that is not a directory. */
    private static String notADirectory(String path) {
        Path p = Paths.get(path);
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p != null && !Files.isDirectory(p) ? p.toString() : path;
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
    }
}
