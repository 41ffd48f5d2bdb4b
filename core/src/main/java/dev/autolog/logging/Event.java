package dev.autolog.logging;

import dev.autolog.RunStatus;
import dev.autolog.backend.LoggedModel;
import dev.autolog.backend.LoggedModelStatus;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import dev.autolog.dataset.DatasetSpec;
import dev.autolog.model.ModelDirectory;
import dev.autolog.model.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** What the capture side hands to the writer thread. Immutable; created on the caller's thread. */
public sealed interface Event {

    /** {@code withContextTags}: the writer adds the source tags (user, main class, git commit) it computes once. */
    record CreateRun(NewRun run, boolean withContextTags) implements Event {
    }

    /** {@code modelId}: the LoggedModel the metric also belongs to, or null. */
    record LogMetric(String runId, Metric metric, String modelId) implements Event {
        public LogMetric(String runId, Metric metric) {
            this(runId, metric, null);
        }
    }

    record LogParam(String runId, Param param) implements Event {
    }

    /** A param of a LoggedModel (the run's params are logged separately). */
    record LogModelParam(String runId, String modelId, Param param) implements Event {
    }

    record CreateLoggedModel(LoggedModel model) implements Event {
    }

    /**
     * A trained model: the writer builds its MLflow Model directory at {@code path} of the run's artifacts, then
     * registers it as a version of {@code registeredName} when that is not null.
     */
    record LogModel(String runId, String modelId, String path, ModelSpec spec, ModelDirectory directory,
                    long createdMillis, String registeredName) implements Event {
    }

    /** READY turns into FAILED when the model's directory could not be written. */
    record FinalizeLoggedModel(String runId, String modelId, LoggedModelStatus status, long timeMillis)
            implements Event {
    }

    /** Datasets the run read; the writer describes them ({@link dev.autolog.dataset.DatasetInputs}). */
    record LogInputs(String runId, List<DatasetSpec> datasets) implements Event {
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
     * {@code stored} is counted down once everything enqueued before it has been handed to the backend (it is in
     * the local store, or a server's spool), {@code done} once the backend has flushed too (a server has it, or the
     * backend's wait ran out); {@code written} then says whether all of it was written (no store call failed since
     * the previous flush, no run left unended).
     */
    record Flush(CountDownLatch stored, CountDownLatch done, AtomicBoolean written) implements Event {
        public Flush() {
            this(new CountDownLatch(1));
        }

        public Flush(CountDownLatch done) {
            this(new CountDownLatch(1), done, new AtomicBoolean());
        }
    }
}
