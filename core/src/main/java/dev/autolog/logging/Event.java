package dev.autolog.logging;

import dev.autolog.RunStatus;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** What the capture side hands to the writer thread. Immutable; created on the caller's thread. */
public sealed interface Event {

    /** {@code withContextTags}: the writer adds the source tags (user, main class, git commit) it computes once. */
    record CreateRun(NewRun run, boolean withContextTags) implements Event {
    }

    record LogMetric(String runId, Metric metric) implements Event {
    }

    record LogParam(String runId, Param param) implements Event {
    }

    record SetTag(String runId, Tag tag) implements Event {
    }

    record ArtifactBytes(String runId, String path, byte[] content) implements Event {
    }

    /** An artifact whose bytes are derived on the writer thread, so the training thread does not pay for it. */
    record DeferredArtifact(String runId, String path, Supplier<byte[]> content) implements Event {
    }

    record ArtifactFile(String runId, String path, Path source) implements Event {
    }

    record EndRun(String runId, RunStatus status, long endTimeMillis) implements Event {
    }

    /**
     * Counted down once everything enqueued before it has been handed to the backend and flushed; {@code written}
     * then says whether all of it was written (no store call failed since the previous flush, no run left unended).
     */
    record Flush(CountDownLatch done, AtomicBoolean written) implements Event {
        public Flush(CountDownLatch done) {
            this(done, new AtomicBoolean());
        }
    }
}
