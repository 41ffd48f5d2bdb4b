package dev.autolog.backend.mlflow;

import dev.autolog.backend.BoundedFiles;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.RunFiles;
import dev.autolog.backend.RunInfo;
import dev.autolog.backend.Tag;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sends a run's models beside {@link RunShipper}. On a server with MLflow 3's logged-models API each LoggedModel of
 * the spool becomes one there: created (PENDING) with its params and tags, linked to the run as an output, its files
 * uploaded to its own artifact location, its metric points sent with its {@code model_id}, and finalized READY or
 * FAILED as the spool says. On a server without that API (MLflow 2) the model directory stays a run artifact.
 * Registrations follow: each version of the spool's registry becomes a version on the server, sourced from the
 * LoggedModel ({@code models:/<id>}) or the run artifact. Every step is recorded in the run's {@link SyncState}
 * as soon as the server confirms it; a create whose answer was lost is looked for before it is sent again.
 */
final class ModelShipper implements RunShipper.Outputs {
    static final String LOCAL_MODEL_TAG = "autolog.local_model_id";
    static final String RUN_ID_TAG = "autolog.run_id";
    private static final String MLMODEL = "MLmodel";
    /** Ids and URIs that a YAML reader takes back as the same string without quotes. */
    private static final Pattern PLAIN_SCALAR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_./+-]*(:/[A-Za-z0-9_./+%-]*)?");
    private static final List<String> CONTEXT_TAGS = List.of("mlflow.user", "mlflow.source.name", "mlflow.source.type",
            "mlflow.source.git.commit");

    private final MlflowClient client;
    private final ModelsApi api;
    private final SpoolModels spool;
    private final SyncStates states;
    private final RunShipper.Refusals refusals;
    private final String server;

    ModelShipper(MlflowClient client, SpoolModels spool, SyncStates states, RunShipper.Refusals refusals,
                 String server) {
        this.client = client;
        this.api = new ModelsApi(client);
        this.spool = spool;
        this.states = states;
        this.refusals = refusals;
        this.server = server;
    }

    /** For the sync command's report: what of the run's models the server has, or "" when it has none. */
    static String summary(SyncState state) {
        long models = state.models.values().stream().filter(m -> m.remoteModelId != null && m.refused == null).count();
        long versions = state.registrations.values().stream().filter(r -> r.remoteVersion != null).count();
        return models + versions == 0 ? "" : ", " + models + " logged models, " + versions + " registered versions";
    }

    @Override
    public Map<String, String> beforeData(RunInfo run, SyncState state, RunShipper.Experiment experiment)
            throws IOException {
        List<SpoolModels.LoggedModel> models = spool.ofRun(run);
        if (models.isEmpty() || !LoggedModelSupport.of(server, api, experiment.remoteId())) {
            return Map.of();
        }
        Map<String, String> ids = new LinkedHashMap<>();
        for (SpoolModels.LoggedModel m : models) {
            ModelSyncState ms = state.models.computeIfAbsent(m.modelId(), k -> new ModelSyncState());
            if (ms.refused == null && ms.remoteModelId == null
                    && !attempt(run, state, m, ms, () -> create(run, state, m, ms, experiment.remoteId()))) {
                return Map.of();
            }
            if (ms.refused == null) {
                for (String key : LocalStoreReader.filesUnder(m.dir().resolve("metrics"))) {
                    ids.put(key, ms.remoteModelId);
                }
            }
        }
        return ids;
    }

    @Override
    public Set<String> beforeArtifacts(RunInfo run, SyncState state, RunShipper.Experiment experiment)
            throws IOException {
        List<SpoolModels.LoggedModel> models = spool.ofRun(run);
        if (models.isEmpty() || !LoggedModelSupport.of(server, api, experiment.remoteId())) {
            return Set.of();
        }
        Set<String> uploadedHere = new LinkedHashSet<>();
        for (SpoolModels.LoggedModel m : models) {
            ModelSyncState ms = state.models.computeIfAbsent(m.modelId(), k -> new ModelSyncState());
            if (ms.refused == null && !attempt(run, state, m, ms,
                    () -> ship(run, state, m, ms, experiment.remoteId()))) {
                return Set.of(); // the models go with the run's artifacts, as on any MLflow 2 server
            }
            if (ms.refused == null) {
                uploadedHere.add(m.artifactPath());
            }
        }
        return uploadedHere;
    }

    private interface Step {
        void run() throws IOException;
    }

    /**
     * Runs {@code step} for model {@code m}: a transient or authentication failure is thrown, a refusal makes the
     * model a plain run artifact (said once). False when the server turned out to have no LoggedModels after all.
     */
    private boolean attempt(RunInfo run, SyncState state, SpoolModels.LoggedModel m, ModelSyncState ms, Step step)
            throws IOException {
        try {
            step.run();
            return true;
        } catch (MlflowError e) {
            if (e.isTransient() || e.isAuthFailure()) {
                throw e;
            }
            if (ms.remoteModelId == null && LoggedModelSupport.lostSupport(server, e)) {
                return false;
            }
            ms.refused = e.getMessage();
            states.save(run.runId(), state);
            refusals.refused(run.runId(), new MlflowError("model '" + m.name() + "' (" + m.modelId()
                    + ") is not a LoggedModel on the server, it goes with the run's artifacts: "
                    + e.getMessage(), e.status(), "model:" + e.errorCode(), null, e));
            return true;
        }
    }

    private void ship(RunInfo run, SyncState state, SpoolModels.LoggedModel m, ModelSyncState ms, String experimentId)
            throws IOException {
        if (ms.remoteModelId == null) {
            create(run, state, m, ms, experimentId);
        }
        if (!ms.linked) {
            link(run, state, ms);
        }
        sendNewParamsAndTags(run, state, m, ms);
        upload(run, state, m, ms);
        sendMetrics(run, state, m, ms);
        if (m.isFinal() && ms.finalized != m.status()) {
            api.finalizeModel(ms.remoteModelId, m.status() == SpoolModels.READY ? ModelsApi.READY : ModelsApi.FAILED);
            ms.finalized = m.status();
            states.save(run.runId(), state);
        }
    }

    /**
     * A link whose answer was lost may be refused when sent again (the SQL stores key run outputs by run and model);
     * that refusal means the server has it.
     */
    private void link(RunInfo run, SyncState state, ModelSyncState ms) throws IOException {
        boolean repeat = ms.linkSent;
        ms.linkSent = true;
        states.save(run.runId(), state);
        try {
            api.linkToRun(state.remoteRunId, ms.remoteModelId);
        } catch (MlflowError e) {
            if (!repeat || e.isTransient() || e.isAuthFailure() || e.isNotFound()) {
                throw e;
            }
        }
        ms.linked = true;
        states.save(run.runId(), state);
    }

    private void create(RunInfo run, SyncState state, SpoolModels.LoggedModel m, ModelSyncState ms,
                        String experimentId) throws IOException {
        ModelsApi.RemoteModel remote = ms.createSent
                ? api.findModel(experimentId, LOCAL_MODEL_TAG, m.modelId()).orElse(null) : null;
        Map<String, String> params = SpoolModels.params(m);
        Map<String, String> tags = tags(run, m);
        if (remote == null) {
            ms.createSent = true;
            states.save(run.runId(), state);
            remote = api.createModel(experimentId, m.name(), state.remoteRunId,
                    withinLimits(params, Truncation.MAX_PARAM_VALUE), withinLimits(tags, Truncation.MAX_TAG_VALUE));
        }
        ms.remoteModelId = remote.modelId();
        ms.artifactUri = remote.artifactUri();
        ms.params.addAll(params.keySet());
        ms.tags.putAll(tags);
        states.save(run.runId(), state);
    }

    /**
     * Values cut to MLflow's limits, as for runs (a LoggedModel has no tag listing the cuts); keys are the spool's,
     * already ones MLflow accepts.
     */
    private static Map<String, String> withinLimits(Map<String, String> entries, int maxValue) {
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.put(k, Truncation.prefix(v, maxValue)));
        return out;
    }

    /** The model's own tags, the run's context tags it lacks (as MLflow's log_model copies them), and ours. */
    private Map<String, String> tags(RunInfo run, SpoolModels.LoggedModel m) throws IOException {
        Map<String, String> tags = new LinkedHashMap<>(SpoolModels.tags(m));
        Map<String, String> runTags = LocalStoreReader.readTexts(run.dir().resolve("tags"));
        for (String key : CONTEXT_TAGS) {
            if (runTags.containsKey(key)) {
                tags.putIfAbsent(key, runTags.get(key));
            }
        }
        tags.put(LOCAL_MODEL_TAG, m.modelId());
        return tags;
    }

    private void sendNewParamsAndTags(RunInfo run, SyncState state, SpoolModels.LoggedModel m, ModelSyncState ms)
            throws IOException {
        Map<String, String> newParams = new LinkedHashMap<>(SpoolModels.params(m));
        newParams.keySet().removeAll(ms.params);
        if (!newParams.isEmpty()) {
            api.logParams(ms.remoteModelId, withinLimits(newParams, Truncation.MAX_PARAM_VALUE));
            ms.params.addAll(newParams.keySet());
            states.save(run.runId(), state);
        }
        Map<String, String> changed = new LinkedHashMap<>(SpoolModels.tags(m));
        changed.entrySet().removeIf(e -> e.getValue().equals(ms.tags.get(e.getKey())));
        if (!changed.isEmpty()) {
            api.setTags(ms.remoteModelId, withinLimits(changed, Truncation.MAX_TAG_VALUE));
            ms.tags.putAll(changed);
            states.save(run.runId(), state);
        }
    }

    private void upload(RunInfo run, SyncState state, SpoolModels.LoggedModel m, ModelSyncState ms) throws IOException {
        Path dir = run.dir().resolve("artifacts").resolve(m.artifactPath());
        if (!ms.artifactUri.startsWith(MlflowClient.ARTIFACTS_SCHEME)) {
            String where = dir.toUri().toString();
            if (!where.equals(ms.tags.get(RunShipper.ARTIFACTS_TAG))) {
                api.setTags(ms.remoteModelId, Map.of(RunShipper.ARTIFACTS_TAG, where));
                ms.tags.put(RunShipper.ARTIFACTS_TAG, where);
                states.save(run.runId(), state);
            }
            return;
        }
        for (String path : LocalStoreReader.filesUnder(dir)) {
            Path file = dir.resolve(path);
            String signature = Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
            if (!signature.equals(ms.artifacts.get(path))) {
                try (SeekableByteChannel confined = RunFiles.open(run.dir().resolve("artifacts"),
                        m.artifactPath() + "/" + path)) {
                    if (confined == null) {
                        continue; // gone, or a link out of the run since it was listed
                    }
                    uploadOne(state, ms, path, confined);
                }
                ms.artifacts.put(path, signature);
                states.save(run.runId(), state);
            }
        }
    }

    /** The MLmodel rewritten for the server when it is of the size MLflow writes; any other file as it is. */
    private void uploadOne(SyncState state, ModelSyncState ms, String path, SeekableByteChannel file)
            throws IOException {
        if (path.equals(MLMODEL) && file.size() <= BoundedFiles.STORE_FILE_BYTES) {
            String mlmodel = new String(BoundedFiles.read(file, BoundedFiles.STORE_FILE_BYTES), StandardCharsets.UTF_8);
            client.uploadArtifact(ms.artifactUri, path, forServer(mlmodel, Map.of("run_id", state.remoteRunId,
                    "model_id", ms.remoteModelId, "model_uuid", ms.remoteModelId, "artifact_path", ms.artifactUri))
                    .getBytes(StandardCharsets.UTF_8));
        } else {
            client.uploadArtifact(ms.artifactUri, path, file);
        }
    }

    /**
     * The {@code MLmodel} the server keeps names the server's run and LoggedModel (what {@code PyFuncModel.model_id}
     * and {@code get_model_info} report) and the model's artifact URI, as MLflow 3's log_model writes it; the spool's
     * copy names the spool's. Only top-level keys are replaced, and only by values that stay one plain YAML scalar.
     */
    static String forServer(String mlmodel, Map<String, String> values) {
        StringBuilder out = new StringBuilder(mlmodel.length() + 64);
        for (String line : mlmodel.split("(?<=\n)")) {
            int colon = line.indexOf(": ");
            String value = colon > 0 ? values.get(line.substring(0, colon)) : null;
            if (value != null && PLAIN_SCALAR.matcher(value).matches() && !value.matches("[0-9.eE+-]+")) {
                out.append(line, 0, colon + 2).append(value).append(line.endsWith("\n") ? "\n" : "");
            } else {
                out.append(line);
            }
        }
        return out.toString();
    }

    /**
     * The model's points that its run does not send with the model's id (the run sends those of its own metric keys,
     * {@link #beforeData}) go to the run with its {@code model_id}: the server keeps them once per run and model.
     */
    private void sendMetrics(RunInfo run, SyncState state, SpoolModels.LoggedModel m, ModelSyncState ms)
            throws IOException {
        Path metricsDir = m.dir().resolve("metrics");
        for (String key : LocalStoreReader.filesUnder(metricsDir)) {
            if (Files.isRegularFile(run.dir().resolve("metrics").resolve(key))) {
                continue;
            }
            List<MetricTail.Point> points = MetricTail.read(metricsDir.resolve(key), key,
                    ms.metricOffsets.getOrDefault(key, 0L), true);
            while (!points.isEmpty()) {
                List<MetricTail.Point> slice = points.subList(0, Math.min(points.size(), BatchSplitter.MAX_METRICS));
                client.logBatch(state.remoteRunId, new LogBatch(List.copyOf(slice), List.of(), List.<Tag>of()),
                        ms.remoteModelId);
                ms.metricOffsets.put(key, slice.get(slice.size() - 1).endOffset());
                states.save(run.runId(), state);
                points = points.subList(slice.size(), points.size());
            }
        }
    }

    @Override
    public void afterArtifacts(RunInfo run, SyncState state, RunShipper.Experiment experiment) throws IOException {
        List<SpoolModels.LoggedModel> models = spool.ofRun(run);
        List<SpoolModels.Registration> registrations = spool.registrationsOf(run, models);
        if (registrations.isEmpty()) {
            return;
        }
        boolean loggedModels = LoggedModelSupport.of(server, api, experiment.remoteId());
        for (SpoolModels.Registration r : registrations) {
            RegistrationSyncState rs = state.registrations.computeIfAbsent(r.key(), k -> new RegistrationSyncState());
            if (rs.isDone()) {
                continue;
            }
            ModelSyncState ms = r.modelId() == null ? null : state.models.get(r.modelId());
            boolean asLoggedModel = loggedModels && ms != null && ms.refused == null;
            if (asLoggedModel && ms.finalized == 0) {
                continue; // registered once the model is final, as MLflow's log_model does
            }
            String source = asLoggedModel ? "models:/" + ms.remoteModelId : state.artifactUri + "/" + r.modelPath();
            register(run, state, r, rs, source, asLoggedModel ? ms.remoteModelId : null);
        }
    }

    /** The spool version's tags; a run id naming the local run names the server's run instead. */
    private static Map<String, String> versionTags(RunInfo run, SyncState state, SpoolModels.Registration r) {
        Map<String, String> tags = new LinkedHashMap<>(r.tags());
        tags.replaceAll((k, v) -> k.equals(RUN_ID_TAG) && v.equals(run.runId()) ? state.remoteRunId : v);
        return tags;
    }

    private void register(RunInfo run, SyncState state, SpoolModels.Registration r, RegistrationSyncState rs,
                          String source, String modelId) throws IOException {
        try {
            api.createRegisteredModel(r.name());
            if (rs.createSent) {
                for (ModelsApi.RemoteVersion v : api.versionsOf(r.name(), state.remoteRunId)) {
                    if (v.source().equals(source)) {
                        rs.remoteVersion = v.version();
                        states.save(run.runId(), state);
                        return;
                    }
                }
            }
            rs.createSent = true;
            states.save(run.runId(), state);
            rs.remoteVersion = api.createVersion(r.name(), source, state.remoteRunId, modelId, versionTags(run, state, r))
                    .version();
            states.save(run.runId(), state);
        } catch (MlflowError e) {
            if (e.isTransient() || e.isAuthFailure()) {
                throw e;
            }
            rs.refused = e.getMessage();
            states.save(run.runId(), state);
            // the code names the model, so each refused name gets its line
            refusals.refused(run.runId(), new MlflowError("registered model '" + r.name() + "' refused: "
                    + e.getMessage(), e.status(), "registry:" + r.name(), null, e));
        }
    }
}
