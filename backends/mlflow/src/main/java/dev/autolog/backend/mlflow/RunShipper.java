package dev.autolog.backend.mlflow;

import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.ExperimentInfo;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.Metric;
import dev.autolog.backend.Param;
import dev.autolog.backend.RunFiles;
import dev.autolog.backend.RunInfo;
import dev.autolog.backend.Tag;
import dev.autolog.logging.Diagnostics;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Sends to the server what it does not have yet of one run of a local store, then records that in the run's
 * {@link SyncState}: creates the run (or finds the one a lost response already created, by its tag
 * {@value #LOCAL_RUN_TAG}), logs new params, tags and metric points in {@code log-batch} requests, uploads
 * artifacts, and sets the terminal status last. Every step is idempotent, so a pass cut short by a failure is
 * simply repeated.
 */
final class RunShipper {
    static final String LOCAL_RUN_TAG = "autolog.local_run_id";
    static final String ARTIFACTS_TAG = "autolog.artifacts.location";
    private static final long SAVE_EVERY_NANOS = 200_000_000L;
    /**
     * How long a pass goes on reading a run's metric points as they are written: longer passes keep the server
     * busier, shorter ones let the shipper turn to the other runs sooner.
     */
    private static final long FOLLOW_NANOS = 1_000_000_000L;
    /** Datasets per {@code runs/log-inputs} request, as MLflow's own client sends them. */
    static final int MAX_INPUTS = 1000;

    /** Told about each request the server refused for good; the shipper then moves on. */
    interface Refusals {
        void refused(String runId, MlflowError error);
    }

    /** The server's id of the run's experiment, looked up only when asked for. */
    interface Experiment {
        String remoteId() throws IOException;
    }

    /** What a run sends besides its own data: its models and their registrations ({@link ModelShipper}). */
    interface Outputs {
        Outputs NONE = new Outputs() {
            @Override
            public Map<String, String> beforeData(RunInfo run, SyncState state, Experiment experiment) {
                return Map.of();
            }

            @Override
            public Set<String> beforeArtifacts(RunInfo run, SyncState state, Experiment experiment) {
                return Set.of();
            }

            @Override
            public void afterArtifacts(RunInfo run, SyncState state, Experiment experiment) {
            }
        };

        /**
         * Makes the run's models exist on the server before its points are sent; returns the server's model id for
         * each metric key whose points also belong to a model, so that each point travels once.
         */
        Map<String, String> beforeData(RunInfo run, SyncState state, Experiment experiment) throws IOException;

        /** Sends the run's models; the artifact directories returned went elsewhere and are not run artifacts. */
        Set<String> beforeArtifacts(RunInfo run, SyncState state, Experiment experiment) throws IOException;

        /** Called once the run's artifacts are on the server. */
        void afterArtifacts(RunInfo run, SyncState state, Experiment experiment) throws IOException;
    }

    /** What one pass sent, for the sync command's report. */
    record Sent(int params, int tags, int metrics, int artifacts) {
        Sent plus(LogBatch b) {
            return new Sent(params + b.params().size(), tags + b.tags().size(), metrics + b.metrics().size(), artifacts);
        }
    }

    private final MlflowClient client;
    private final LocalStoreReader store;
    private final SyncStates states;
    private final Refusals refusals;
    private final Outputs outputs;
    private final Map<String, String> remoteExperiments = new HashMap<>();
    /** The lookup started as the backend opened, until a run of its experiment takes its answer. */
    private EarlyLookup earlyLookup;
    private boolean heldBack;

    private record EarlyLookup(String experiment, Future<Optional<String>> id) {
    }

    RunShipper(MlflowClient client, LocalStoreReader store, SyncStates states, Refusals refusals, Outputs outputs) {
        this.client = client;
        this.store = store;
        this.states = states;
        this.refusals = refusals;
        this.outputs = outputs;
    }

    /** The run's state for this server, a fresh one when it has none. */
    SyncState state(String runId) throws IOException {
        SyncState s = states.load(runId);
        return s == null ? new SyncState() : s;
    }

    /**
     * Keeps {@code lookup} ({@link MlflowClient#warmUp}) of {@code experiment} (may be null) for the first run of that
     * experiment, which waits for it only when it needs the id; the run's own reads of the spool go on meanwhile.
     * Called before the shipper thread starts.
     */
    void expect(String experiment, Future<Optional<String>> lookup) {
        if (experiment != null) {
            earlyLookup = new EarlyLookup(experiment, lookup);
        }
    }

    /**
     * Loads and first runs the code a new run's first pass needs (the sync states' and the request bodies' JSON, the
     * spool's reader), on a thread of its own started as the backend opens, beside the client's set-up and the
     * experiment's lookup. In a fresh JVM that is a tenth of a second and more; done first on the shipper thread, it
     * held the first pass back until it was over. Safe beside a pass: it writes nothing and keeps nothing.
     */
    static void warmUpInBackground(LocalStoreReader store) {
        DaemonThreads.named("autolog-mlflow-warm-up").newThread(() -> {
            try {
                warmUp(store);
            } catch (IOException | RuntimeException | LinkageError e) {
                Diagnostics.debug("warming up the MLflow backend: " + e); // what fails here fails later, said there
            }
        }).start();
    }

    static void warmUp(LocalStoreReader store) throws IOException {
        SyncStates.warmUp();
        MlflowClient.warmUpEncoding();
        store.experiments();
    }

    /** As {@link #ship(String, SyncState, boolean)}, sending everything. */
    Sent ship(String runId, SyncState state) throws IOException {
        return ship(runId, state, false);
    }

    /**
     * One pass over the run. Transient and authentication failures are thrown (the caller retries later);
     * other refusals go to {@link Refusals} and the pass carries on.
     *
     * @param onlyFull while the run is not ended, leave the last metric points that would not fill a request for a
     *                 later pass ({@link #heldBack()} then says so): more points are on their way
     * @return what was sent; {@code state.isDone()} tells whether anything is left
     */
    Sent ship(String runId, SyncState state, boolean onlyFull) throws IOException {
        heldBack = false;
        Sent sent = new Sent(0, 0, 0, 0);
        RunInfo run = store.run(runId).orElse(null);
        if (run == null || state.isDone()) {
            return sent;
        }
        // status first: whatever was written before the run ended is then certainly read below
        boolean ended = run.status().isTerminal();
        // the tags read for the run's creation serve this pass too: a tag written since bumps the shipper's next pass
        Map<String, String> tags = state.remoteRunId == null ? create(run, state) : store.tags(run.runId());
        Experiment experiment = () -> remoteExperiment(run.experimentId());
        sent = sendData(run, state, sent, onlyFull && !ended, () -> outputs.beforeData(run, state, experiment), tags);
        if (state.abandoned == null) {
            sendInputs(run, state);
        }
        if (state.abandoned == null) {
            Set<String> elsewhere = outputs.beforeArtifacts(run, state, experiment);
            sent = sendArtifacts(run, state, sent, elsewhere);
        }
        if (state.abandoned == null) {
            outputs.afterArtifacts(run, state, experiment);
        }
        if (ended && state.abandoned == null) {
            try {
                client.updateRun(state.remoteRunId, run.status(), run.endTime());
            } catch (MlflowError e) {
                refuseOrThrow(run.runId(), state, e);
            }
            state.ended = true;
            states.save(runId, state);
        }
        return sent;
    }

    /** Creates the run on the server (or finds the one a lost answer created); returns the spool's tags it read. */
    private Map<String, String> create(RunInfo run, SyncState state) throws IOException {
        Truncation truncation = new Truncation();
        Map<String, String> tags = new LinkedHashMap<>();
        Map<String, String> spooled = store.tags(run.runId()); // read once: tags written meanwhile go later
        spooled.forEach((k, v) -> {
            Tag t = truncation.tag(new Tag(k, v));
            tags.put(t.key(), t.value());
        });
        tags.put(LOCAL_RUN_TAG, run.runId());
        if (!truncation.notes().isEmpty()) {
            tags.put(Truncation.TAG, Truncation.tagValue(truncation.notes()));
        }
        String experimentId = remoteExperiment(run.experimentId()); // after the reads: an early lookup may be on its way
        RemoteRun remote = null;
        if (state.neverSent) {
            state.neverSent = false; // saved first: a create whose answer is lost is looked for next time
            states.save(run.runId(), state);
        } else {
            remote = client.findRun(experimentId, LOCAL_RUN_TAG, run.runId()).orElse(null);
        }
        if (remote == null) {
            remote = createRun(run, experimentId, tags);
            spooled.forEach(state.tags::put);
            state.truncations.addAll(truncation.notes());
        } // else found: the tags its lost creation carried may be fewer than the spool has now, so all go with the data
        state.remoteRunId = remote.runId();
        state.artifactUri = remote.artifactUri();
        states.save(run.runId(), state);
        return spooled;
    }

    /**
     * The experiment's id is remembered for the JVM's life (and looked up as the backend opens): when the server
     * refuses a run under it, the experiment may have been deleted and recreated meanwhile, so it is looked up again
     * and the run created under the new id, if it changed.
     */
    private RemoteRun createRun(RunInfo run, String experimentId, Map<String, String> tags) throws IOException {
        try {
            return client.createRun(experimentId, run.runName(), run.startTime(), run.user(), tags);
        } catch (MlflowError e) {
            if (e.isTransient() || e.isAuthFailure()) {
                throw e;
            }
            remoteExperiments.remove(experimentName(run.experimentId()));
            String again = remoteExperiment(run.experimentId());
            if (again.equals(experimentId)) {
                throw e;
            }
            return client.createRun(again, run.runName(), run.startTime(), run.user(), tags);
        }
    }

    private String remoteExperiment(String localExperimentId) throws IOException {
        String name = experimentName(localExperimentId);
        String id = remoteExperiments.get(name);
        if (id == null && earlyLookup != null && earlyLookup.experiment().equals(name)) {
            id = earlyAnswer(earlyLookup.id());
            earlyLookup = null;
        }
        if (id == null) {
            id = client.experimentId(name);
            remoteExperiments.put(name, id);
        }
        return id;
    }

    /** The early lookup's id, or null when it found none or failed: the caller then looks up (or creates) again. */
    private static String earlyAnswer(Future<Optional<String>> lookup) throws IOException {
        try {
            return lookup.get().orElse(null);
        } catch (ExecutionException e) {
            Diagnostics.debug("the experiment's early lookup failed: " + e.getCause()); // looked up again now
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while looking the experiment up");
        }
    }

    private String experimentName(String localExperimentId) throws IOException {
        return store.experiments().stream().filter(e -> e.id().equals(localExperimentId))
                .map(ExperimentInfo::name).findFirst().orElse("Default");
    }

    /** The run's dataset inputs the server does not have yet, at most {@link #MAX_INPUTS} per request. */
    private void sendInputs(RunInfo run, SyncState state) throws IOException {
        List<DatasetInput> unsent = store.inputs(run.runId()).stream()
                .filter(in -> !state.inputs.contains(inputKey(in))).toList();
        for (int from = 0; from < unsent.size(); from += MAX_INPUTS) {
            List<DatasetInput> chunk = unsent.subList(from, Math.min(unsent.size(), from + MAX_INPUTS));
            try {
                client.logInputs(state.remoteRunId, chunk);
            } catch (MlflowError e) {
                refuseOrThrow(run.runId(), state, e);
            }
            chunk.forEach(in -> state.inputs.add(inputKey(in)));
            states.save(run.runId(), state);
        }
    }

    /** One input of a run: MLflow keeps a dataset per name and digest, and the run's link to it per context. */
    static String inputKey(DatasetInput in) {
        return in.name() + "\u0000" + in.digest() + "\u0000" + in.context();
    }

    /**
     * Metric points of the run the server does not have yet, by its saved state; -1 when the spool has no such run
     * (its creation there failed: nothing of it waits).
     */
    long unsentPoints(String runId) throws IOException {
        RunInfo run = store.run(runId).orElse(null);
        if (run == null) {
            return -1;
        }
        SyncState state = state(runId);
        if (state.isDone()) {
            return 0;
        }
        Path metricsDir = run.dir().resolve("metrics");
        long n = 0;
        for (Path file : metricFiles(metricsDir)) {
            n += MetricTail.countAfter(file, state.metricOffsets.getOrDefault(metricKey(metricsDir, file), 0L));
        }
        return n;
    }

    /** Whether the last {@link #ship} left points for a later pass. */
    boolean heldBack() {
        return heldBack;
    }

    /** The server's model id of each metric key whose points also belong to a model ({@link Outputs#beforeData}). */
    private interface ModelLinks {
        Map<String, String> now() throws IOException;
    }

    /** {@code tags}: the run's tags as the spool has them, those the server lacks sent with its params. */
    private Sent sendData(RunInfo run, SyncState state, Sent sent, boolean onlyFull, ModelLinks links,
                          Map<String, String> tags) throws IOException {
        Map<String, String> modelIds = links.now();
        Truncation truncation = new Truncation();
        List<Param> newParams = new ArrayList<>();
        List<String> paramKeys = new ArrayList<>();
        store.params(run.runId()).forEach((k, v) -> {
            if (!state.params.contains(k)) {
                newParams.add(truncation.param(new Param(k, v)));
                paramKeys.add(k);
            }
        });
        List<Tag> newTags = new ArrayList<>();
        List<Tag> tagOriginals = new ArrayList<>();
        tags.forEach((k, v) -> {
            if (!v.equals(state.tags.get(k))) {
                newTags.add(truncation.tag(new Tag(k, v)));
                tagOriginals.add(new Tag(k, v));
            }
        });
        Window window = new Window(run, state, sent);
        int[] confirmed = {0, 0}; // params, tags: batches keep their order, so the originals are taken in turn
        for (LogBatch b : BatchSplitter.split(List.of(), newParams, newTags)) {
            window.send(b, () -> {
                b.params().forEach(p -> state.params.add(paramKeys.get(confirmed[0]++)));
                b.tags().forEach(t -> {
                    Tag original = tagOriginals.get(confirmed[1]++);
                    state.tags.put(original.key(), original.value());
                });
            });
        }
        List<MetricTail.Point> pending = new ArrayList<>();
        Map<String, Long> readTo = new HashMap<>(state.metricOffsets);
        long followUntil = System.nanoTime() + FOLLOW_NANOS;
        // while the spool grows (a burst the writer is still writing) and requests are in flight, the pass reads on
        // after each answer rather than waiting for all of them: the server never idles between two passes
        while (readPoints(run, window, state, readTo, pending, modelIds) > 0 && window.busy()
                && System.nanoTime() < followUntil) {
            window.completeOldest();
            modelIds = links.now(); // a model logged meanwhile: its points carry its id, as in the next pass
        }
        if (onlyFull && !pending.isEmpty()) {
            heldBack = true;
        } else {
            sendPoints(window, state, pending, modelIds);
        }
        sent = window.drain();
        if (state.abandoned != null) {
            return sent;
        }
        if (!truncation.notes().isEmpty()) {
            state.truncations.addAll(truncation.notes());
            sent = send(run, state, new LogBatch(List.of(), List.of(),
                    List.of(new Tag(Truncation.TAG, Truncation.tagValue(state.truncations)))), sent);
            states.save(run.runId(), state);
        }
        return sent;
    }

    /**
     * Reads the metric points written since {@code readTo} (moved past them) into {@code pending} and sends every
     * full request of them; answers how many were read. Points of all files share requests, and a request leaves as
     * soon as it is full: the server is busy with the first ones while later files are still being read.
     */
    private int readPoints(RunInfo run, Window window, SyncState state, Map<String, Long> readTo,
                           List<MetricTail.Point> pending, Map<String, String> modelIds) throws IOException {
        int read = 0;
        Path metricsDir = run.dir().resolve("metrics");
        for (Path file : metricFiles(metricsDir)) {
            if (window.stopped()) {
                break; // the pass ends in a failure: reading the rest of the backlog now would be for nothing
            }
            String key = metricKey(metricsDir, file);
            List<MetricTail.Point> points = MetricTail.read(file, key, readTo.getOrDefault(key, 0L));
            if (!points.isEmpty()) {
                readTo.put(key, points.get(points.size() - 1).endOffset());
                read += points.size();
                pending.addAll(points);
            }
            while (pending.size() >= BatchSplitter.MAX_METRICS) {
                sendPoints(window, state, pending.subList(0, BatchSplitter.MAX_METRICS), modelIds);
            }
        }
        return read;
    }

    /** Sends {@code points} (and removes them from their list); once confirmed, the state moves past each. */
    private static void sendPoints(Window window, SyncState state, List<MetricTail.Point> points,
                                   Map<String, String> modelIds) throws IOException {
        List<MetricTail.Point> taken = List.copyOf(points);
        points.clear();
        for (LogBatch b : BatchSplitter.split(taken, List.of(), List.of())) {
            window.send(b.withModelIds(modelIds), () -> b.metrics().forEach(p -> state.metricOffsets.put(p.key(), p.endOffset())));
        }
    }

    /**
     * Keeps {@link MlflowClient#IN_FLIGHT} log-batch requests in flight and moves the state past each batch in the
     * order given, as soon as it and all before it are confirmed (saved at most every {@link #SAVE_EVERY_NANOS},
     * and always before returning or throwing). On a transient failure the requests still in flight are awaited,
     * the state is saved, and the failure is thrown: the next pass resends from the first unconfirmed batch (a later
     * one that did arrive is then a repeat the server stores once).
     */
    private final class Window {
        private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
        private final RunInfo run;
        private final SyncState state;
        private Sent sent;
        private MlflowError stop;
        private long savedAt = System.nanoTime();

        private record Pending(LogBatch batch, Future<Void> outcome, Runnable confirmed) {
        }

        Window(RunInfo run, SyncState state, Sent sent) {
            this.run = run;
            this.state = state;
            this.sent = sent;
        }

        /** A failure or an abandoned run ends the pass: nothing more is sent in it. */
        boolean stopped() {
            return stop != null || state.abandoned != null;
        }

        void send(LogBatch batch, Runnable confirmed) throws IOException {
            while (inFlight.size() >= MlflowClient.IN_FLIGHT) {
                completeOldest();
            }
            if (stopped()) {
                return;
            }
            inFlight.add(new Pending(batch, client.logBatchAsync(state.remoteRunId, batch), confirmed));
        }

        /** Whether requests are in flight. */
        boolean busy() {
            return !inFlight.isEmpty();
        }

        Sent drain() throws IOException {
            while (!inFlight.isEmpty()) {
                completeOldest();
            }
            states.save(run.runId(), state);
            if (stop != null) {
                throw stop;
            }
            return sent;
        }

        /** Waits for the oldest request in flight and takes its outcome. */
        void completeOldest() throws IOException {
            Pending p = inFlight.poll();
            MlflowError failure = outcome(p.outcome());
            if (stopped()) {
                return;
            }
            if (failure == null) {
                sent = sent.plus(p.batch());
            } else {
                try {
                    refuseOrThrow(run.runId(), state, failure);
                } catch (MlflowError e) {
                    stop = e;
                    return;
                }
            }
            p.confirmed().run();
            if (System.nanoTime() - savedAt > SAVE_EVERY_NANOS) {
                states.save(run.runId(), state);
                savedAt = System.nanoTime();
            }
        }
    }

    private static MlflowError outcome(Future<Void> f) throws IOException {
        try {
            f.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof MlflowError m ? m
                    : new MlflowError("log-batch failed: " + e.getCause(), 0, "", null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending");
        }
    }

    private Sent send(RunInfo run, SyncState state, LogBatch batch, Sent sent) throws IOException {
        try {
            client.logBatch(state.remoteRunId, batch);
            return sent.plus(batch);
        } catch (MlflowError e) {
            refuseOrThrow(run.runId(), state, e);
            return sent;
        }
    }

    /** Transient and auth failures are thrown; a run gone from the server is abandoned; anything else is skipped. */
    private void refuseOrThrow(String runId, SyncState state, MlflowError e) throws IOException {
        if (e.isTransient() || e.isAuthFailure()) {
            throw e;
        }
        if (e.isNotFound()) {
            state.abandoned = "run " + state.remoteRunId + " no longer exists on the server (deleted?)";
            states.save(runId, state);
        }
        refusals.refused(runId, e);
    }

    private static List<Path> metricFiles(Path metricsDir) throws IOException {
        if (!Files.isDirectory(metricsDir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(metricsDir)) {
            for (Path file : walk.sorted().toList()) {
                if (RunFiles.confined(metricsDir, file) != null) { // no symbolic link out of the run
                    files.add(file);
                }
            }
        }
        return files;
    }

    private static String metricKey(Path metricsDir, Path file) {
        return metricsDir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private Sent sendArtifacts(RunInfo run, SyncState state, Sent sent, Set<String> elsewhere) throws IOException {
        List<String> files = store.artifacts(run.runId()).stream()
                .filter(path -> elsewhere.stream().noneMatch(dir -> path.startsWith(dir + "/"))).toList();
        if (files.isEmpty() || state.artifactsKeptLocally) {
            return sent;
        }
        if (!state.artifactUri.startsWith(MlflowClient.ARTIFACTS_SCHEME)) {
            keepLocally(run, state, "the server does not proxy artifacts (artifact_uri " + state.artifactUri + ")");
            return sent;
        }
        int uploaded = 0;
        for (String path : files) {
            Path file = run.dir().resolve("artifacts").resolve(path);
            String signature = Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
            if (signature.equals(state.artifacts.get(path))) {
                continue;
            }
            try (SeekableByteChannel confined = RunFiles.open(run.dir().resolve("artifacts"), path)) {
                if (confined == null) {
                    continue; // gone, or a link out of the run since it was listed
                }
                client.uploadArtifact(state.artifactUri, path, confined);
                uploaded++;
            } catch (MlflowError e) {
                if (e.isNotFound()) {
                    keepLocally(run, state, "the server has no artifact proxy (" + e.getMessage() + ")");
                    return sent;
                }
                refuseOrThrow(run.runId(), state, e);
            }
            state.artifacts.put(path, signature);
            states.save(run.runId(), state);
        }
        return new Sent(sent.params(), sent.tags(), sent.metrics(), sent.artifacts() + uploaded);
    }

    private void keepLocally(RunInfo run, SyncState state, String why) throws IOException {
        String where = run.dir().resolve("artifacts").toUri().toString();
        client.logBatch(state.remoteRunId, new LogBatch(List.of(), List.of(), List.of(new Tag(ARTIFACTS_TAG, where))));
        state.artifactsKeptLocally = true;
        states.save(run.runId(), state);
        Diagnostics.warnOnce("mlflow-artifacts-local", "artifacts stay in the local store (run tag " + ARTIFACTS_TAG
                + " says where, e.g. " + where + "): " + why);
    }
}
