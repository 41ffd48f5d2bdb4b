package dev.autolog.backend.mlflow;

import dev.autolog.RunStatus;
import dev.autolog.backend.Backend;
import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.LoggedModel;
import dev.autolog.backend.LoggedModelStatus;
import dev.autolog.backend.Metric;
import dev.autolog.backend.ModelVersionRequest;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import dev.autolog.logging.Deadline;
import dev.autolog.logging.Diagnostics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * Runs go to an MLflow tracking server. Everything is first written to the spool, a local store in the usual
 * {@code mlruns} layout, so the writer thread never waits for the network and a dead server or a killed JVM loses
 * nothing; the {@link Shipper} thread replays the spool to the server in the background.
 */
final class MlflowBackend implements Backend {
    private final MlflowSettings settings;
    private final LocalStore spool;
    private final MlflowClient client;
    private final RunLocks locks;
    private final SyncStates states;
    private final RunShipper runs;
    private final Shipper shipper;

    MlflowBackend(MlflowSettings settings, Backoff backoff) throws IOException {
        this(settings, backoff, null, Shipper.LINGER);
    }

    /**
     * {@code experiment}: the one runs are expected in, looked up as soon as the shipper starts (may be null);
     * {@code linger}: how long new writes gather before a pass ({@link Shipper#LINGER}).
     */
    MlflowBackend(MlflowSettings settings, Backoff backoff, String experiment, Duration linger) throws IOException {
        this.settings = settings;
        Path spoolDir = settings.spoolDir().toAbsolutePath().normalize();
        LocalStoreReader reader = new LocalStoreReader(spoolDir);
        RunShipper.warmUpInBackground(reader); // first: the client's set-up is quick beside it
        this.client = new MlflowClient(settings);
        Future<Optional<String>> lookup = client.warmUp(experiment);
        try {
            this.spool = new LocalStore(spoolDir);
            SyncStates states = new SyncStates(spoolDir, settings.server());
            this.locks = new RunLocks(states.dir());
            RunShipper.Refusals refusals = (runId, e) -> Diagnostics.backendError("mlflow-refused:" + e.errorCode(),
                    e.getMessage() + "; skipped, training continues (the spool " + spoolDir + " keeps it)");
            this.runs = new RunShipper(client, reader, states, refusals,
                    new ModelShipper(client, new SpoolModels(spoolDir), states, refusals,
                            settings.server().toString()));
            this.shipper = new Shipper(runs, locks, backoff, settings.server().toString(), linger);
            spool.onRunRecreated(shipper::writtenAnew);
            shipper.start(states.unfinished(), experiment, lookup);
            this.states = states;
        } catch (IOException | RuntimeException e) {
            client.close(); // its sender threads are already warming up
            throw e;
        }
    }

    @Override
    public void createRun(NewRun run) throws IOException {
        spool.createRun(run);
        locks.tryLock(run.runId());
        states.saveNewRun(run.runId());
        shipper.created(run.runId());
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) throws IOException {
        try {
            spool.logBatch(runId, metrics, params, tags);
        } finally {
            shipper.written(runId, metrics.size() + params.size() + tags.size());
        }
    }

    @Override
    public void logArtifact(String runId, String artifactPath, byte[] content) throws IOException {
        spool.logArtifact(runId, artifactPath, content);
        shipper.written(runId);
    }

    @Override
    public void logArtifactFile(String runId, String artifactPath, Path source) throws IOException {
        spool.logArtifactFile(runId, artifactPath, source);
        shipper.written(runId);
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) throws IOException {
        spool.logInputs(runId, inputs);
        shipper.written(runId);
    }

    @Override
    public void endRun(String runId, RunStatus status, long endTimeMillis) throws IOException {
        spool.endRun(runId, status, endTimeMillis);
        shipper.written(runId);
    }

    @Override
    public void createLoggedModel(LoggedModel model) throws IOException {
        spool.createLoggedModel(model);
        shipper.written(model.runId());
    }

    @Override
    public void logLoggedModelParams(String runId, String modelId, List<Param> params) throws IOException {
        spool.logLoggedModelParams(runId, modelId, params);
        shipper.written(runId);
    }

    @Override
    public void logLoggedModelMetrics(String runId, String modelId, List<Metric> metrics) throws IOException {
        spool.logLoggedModelMetrics(runId, modelId, metrics);
        shipper.written(runId);
    }

    @Override
    public void finalizeLoggedModel(String runId, String modelId, LoggedModelStatus status, long timeMillis)
            throws IOException {
        spool.finalizeLoggedModel(runId, modelId, status, timeMillis);
        shipper.written(runId);
    }

    @Override
    public void registerModelVersion(ModelVersionRequest request) throws IOException {
        spool.registerModelVersion(request);
        shipper.written(request.runId());
    }

    /**
     * Waits for the server to have everything written so far, at most {@code autolog.flush.timeout} minus a margin
     * (the caller waits that long for this method); what is left stays in the spool, as {@link #close()} says.
     */
    @Override
    public void flush() throws IOException {
        Duration timeout = settings.flushTimeout();
        Duration wait = timeout.minus(timeout.dividedBy(10).compareTo(Duration.ofMillis(250)) < 0
                ? timeout.dividedBy(10) : Duration.ofMillis(250));
        try {
            shipper.awaitShipped(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line at the end: what the server does not have, where it waits, and how to send it now. */
    private void reportLeftOver() {
        long points = 0;
        int waitingRuns = 0;
        for (String runId : shipper.pendingRuns()) {
            try {
                long unsent = runs.unsentPoints(runId);
                if (unsent >= 0) {
                    points += unsent;
                    waitingRuns++;
                }
            } catch (IOException | RuntimeException e) {
                Diagnostics.debug("counting what run " + runId + " has left: " + e);
                waitingRuns++;
            }
        }
        if (waitingRuns == 0) {
            return; // runs the spool could not hold were said as they failed
        }
        MlflowError failure = shipper.lastFailure();
        Path dir = settings.spoolDir().toAbsolutePath().normalize();
        Diagnostics.warn((failure != null ? failure.summary() : "the MLflow server " + describe() + " did not take"
                + " everything within autolog.flush.timeout=" + Deadline.millis(settings.flushTimeout()) + "ms") + "; "
                + waiting(points, waitingRuns) + " in the spool " + dir + ": sent at the next start, or now with:"
                + " java -jar autolog-agent.jar sync --from " + dir + " --to " + describe());
    }

    /** What of {@code runs} unfinished runs the server lacks, {@code points} of it metric points. */
    static String waiting(long points, int runs) {
        String ofRuns = runs == 1 ? "1 run" : runs + " runs";
        return points > 0 ? points + " metric points of " + ofRuns + " (and their other data) wait"
                : "the rest of " + ofRuns + " (no metric points: params, tags, artifacts or the end) waits";
    }

    @Override
    public Path localDirectory() {
        return spool.localDirectory();
    }

    @Override
    public String describe() {
        return settings.server().toString();
    }

    @Override
    public void close() throws IOException {
        try {
            client.cancelAll();
            shipper.stop();
            reportLeftOver();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            locks.close();
            client.close();
            spool.close();
        }
    }
}
