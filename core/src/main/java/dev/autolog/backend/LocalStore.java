package dev.autolog.backend;

import dev.autolog.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The default backend: a directory in MLflow's file-store layout ({@code mlruns}), readable by MLflow's own client
 * and UI. Several processes may write one store at once: experiments are created under an exclusive lock file,
 * metadata files are replaced atomically and metric points are appended a whole batch per key at a time.
 */
public final class LocalStore implements Backend {
    static final String META = "meta.yaml";
    static final List<String> RUN_FOLDERS = List.of("metrics", "params", "tags", "artifacts");
    private static final Set<String> NUMERIC_RUN_FIELDS = Set.of("end_time", "source_type", "start_time", "status",
            "deleted_time");

    private final Path root;
    private final String rootUri;
    private final StoreExperiments experiments;
    private final StoreRuns runs;
    private final KeyedWrites keyedWrites = new KeyedWrites();
    private final AppendFiles appends = new AppendFiles();
    /** The metric lines of the last run batch: the writer logs the same points to the run's LoggedModel next. */
    private volatile RunLines lastRunLines;

    private record RunLines(String runId, Map<String, MetricFileLines> lines) {
    }

    /** @param root the {@code mlruns} directory; created on the first write */
    public LocalStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        String uri = this.root.toUri().toString();
        this.rootUri = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        this.experiments = new StoreExperiments(this.root, rootUri);
        this.runs = new StoreRuns(this.root, experiments);
    }

    /**
     * {@code listener} is told the id of each run whose directory vanished while it was written and was written anew
     * (its files then start again from nothing), on the thread that writes.
     */
    public void onRunRecreated(Consumer<String> listener) {
        runs.onRecreated(listener);
    }

    @Override
    public void createRun(NewRun run) throws IOException {
        StoreKeys.checkRunId(run.runId());
        String name = run.experimentName() == null || run.experimentName().isEmpty()
                ? StoreExperiments.DEFAULT_EXPERIMENT : run.experimentName();
        String experimentId = experiments.idOf(name);
        Path dir = root.resolve(experimentId).resolve(run.runId());
        for (String folder : RUN_FOLDERS) {
            Files.createDirectories(dir.resolve(folder));
        }
        String runName = Objects.toString(run.runName(), "");
        String user = Objects.toString(run.user(), "");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("artifact_uri", rootUri + "/" + experimentId + "/" + run.runId() + "/artifacts");
        meta.put("end_time", null);
        meta.put("entry_point_name", "");
        meta.put("experiment_id", experimentId);
        meta.put("lifecycle_stage", "active");
        meta.put("run_id", run.runId());
        meta.put("run_name", runName);
        meta.put("run_uuid", run.runId());
        meta.put("source_name", "");
        meta.put("source_type", "4");
        meta.put("source_version", "");
        meta.put("start_time", Long.toString(run.startTimeMillis()));
        meta.put("status", Integer.toString(RunStatus.RUNNING.code()));
        meta.put("tags", null);
        meta.put("user_id", user);
        meta.put("deleted_time", null);
        meta.put(StartOrder.KEY, Long.toString(StartOrder.of(run)));
        writeRunMeta(dir, meta);
        runs.created(run.runId(), dir, name, meta);

        List<Tag> tags = new ArrayList<>();
        if (run.tags() != null) {
            run.tags().forEach((k, v) -> tags.add(new Tag(k, v)));
        }
        if (!runName.isEmpty()) {
            tags.add(new Tag("mlflow.runName", runName));
        }
        if (!user.isEmpty()) {
            tags.add(new Tag("mlflow.user", user));
        }
        logBatch(run.runId(), List.of(), List.of(), tags);
    }

    /**
     * Writes everything it can, each key under the key MLflow accepts for it ({@link KeyedWrites}): a failed write or a
     * param conflict does not stop the rest of the batch. The first failure is thrown at the end as a
     * {@link ValuesNotStoredException} counting what was not stored, any others attached as suppressed.
     */
    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) throws IOException {
        Path dir = runDir(runId);
        Map<String, MetricFileLines> lines = MetricFileLines.byKey(metrics, null);
        lastRunLines = new RunLines(runId, lines);
        Set<String> keysGiven = new LinkedHashSet<>(lines.keySet());
        params.forEach(p -> keysGiven.add(Objects.toString(p.key(), "")));
        tags.forEach(t -> keysGiven.add(Objects.toString(t.key(), "")));
        KeyedWrites.Batch batch = keyedWrites.batch(runId, dir, keysGiven);

        Failures failures = new Failures();
        for (Map.Entry<String, MetricFileLines> e : lines.entrySet()) {
            byte[] content = e.getValue().bytes();
            failures.run(e.getValue().points(), () -> batch.write(e.getKey(),
                    key -> appends.append(dir, StoreKeys.keyFile(dir.resolve("metrics"), key), content)));
        }
        for (Param p : params) {
            String given = Objects.toString(p.key(), "");
            String value = Objects.toString(p.value(), "");
            failures.run(1, () -> batch.write(given, key -> writeParam(dir, given, key, value)));
        }
        for (Tag t : tags) {
            failures.run(1, () -> batch.write(Objects.toString(t.key(), ""), key -> writeTag(dir, key, t.value())));
        }
        batch.finish(failures);
        failures.throwIfAny();
    }

    private static void writeTag(Path dir, String key, String value) throws IOException {
        StoreFiles.atomicWrite(StoreKeys.keyFile(dir.resolve("tags"), key), utf8(Objects.toString(value, "")), dir);
    }

    private static void writeParam(Path dir, String given, String key, String value) throws IOException {
        Path file = StoreKeys.keyFile(dir.resolve("params"), key);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isSymbolicLink(file)) {
                throw new IOException("params/" + StoreKeys.printable(given) + " is a symbolic link: not read");
            }
            if (new String(BoundedFiles.read(file, BoundedFiles.STORE_FILE_BYTES), StandardCharsets.UTF_8)
                    .equals(value)) {
                return;
            }
            throw new IOException("param " + StoreKeys.printable(given) + " already logged with a different value");
        }
        StoreFiles.atomicWrite(file, utf8(value), dir);
    }

    @Override
    public void logArtifact(String runId, String artifactPath, byte[] content) throws IOException {
        Path dir = runDir(runId);
        StoreFiles.atomicWrite(StoreKeys.artifactTarget(dir.resolve("artifacts"), artifactPath, false), content, dir);
    }

    /** A directory is copied recursively; an empty {@code artifactPath} then means the artifacts root. */
    @Override
    public void logArtifactFile(String runId, String artifactPath, Path source) throws IOException {
        Path dir = runDir(runId);
        Path artifacts = dir.resolve("artifacts");
        if (Files.isRegularFile(source)) {
            StoreFiles.atomicCopy(source, StoreKeys.artifactTarget(artifacts, artifactPath, false), dir);
            return;
        }
        if (!Files.isDirectory(source)) {
            throw new NoSuchFileException(source.toString(), null, "artifact source is not a file or directory");
        }
        Path target = StoreKeys.artifactTarget(artifacts, artifactPath, true);
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(source)) {
            entries = walk.toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path p : entries) {
            Path to = target;
            for (Path part : source.relativize(p)) {
                to = to.resolve(part.toString());
            }
            if (Files.isDirectory(p)) {
                StoreFiles.folderInside(dir, to);
            } else if (Files.isRegularFile(p)) {
                StoreFiles.atomicCopy(p, to, dir);
            }
        }
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) throws IOException {
        Path dir = runDir(runId);
        for (DatasetInput input : inputs) {
            StoreDatasets.write(dir, input);
        }
    }

    @Override
    public void endRun(String runId, RunStatus status, long endTimeMillis) throws IOException {
        Path dir = runDir(runId);
        appends.closeUnder(dir);
        Map<String, String> meta = YamlMeta.read(dir.resolve(META));
        meta.put("end_time", Long.toString(endTimeMillis));
        meta.put("status", Integer.toString(status.code()));
        writeRunMeta(dir, meta);
        runs.metaWritten(runId, meta);
    }

    /** Throws, naming what is accepted, when {@code key} is not one MLflow accepts as it is. */
    public static void checkKey(String key) throws IOException {
        StoreKeys.checkKey(key);
    }

    @Override
    public Path localDirectory() {
        return root;
    }

    @Override
    public void createLoggedModel(LoggedModel model) throws IOException {
        StoreLoggedModels.create(runDir(model.runId()), runArtifactUri(model.runId()), model);
    }

    @Override
    public void logLoggedModelParams(String runId, String modelId, List<Param> params) throws IOException {
        Path dir = runDir(runId);
        Map<String, String> stored = storedKeys(runId, dir, params.stream().map(Param::key).toList());
        StoreLoggedModels.params(dir, modelId,
                params.stream().map(p -> new Param(stored.get(p.key()), p.value())).toList());
    }

    @Override
    public void logLoggedModelMetrics(String runId, String modelId, List<Metric> metrics) throws IOException {
        Path dir = runDir(runId);
        RunLines run = lastRunLines;
        Map<String, MetricFileLines> lines = MetricFileLines.forModel(metrics, runId,
                run != null && run.runId().equals(runId) ? run.lines() : Map.of());
        StoreLoggedModels.metrics(appends, dir, modelId, lines, storedKeys(runId, dir, lines.keySet()));
    }

    /** The keys a LoggedModel stores {@code given} under: the same as its run's (one mapping per run). */
    private Map<String, String> storedKeys(String runId, Path dir, Collection<String> given) throws IOException {
        KeyedWrites.Batch batch = keyedWrites.batch(runId, dir, new LinkedHashSet<>(given));
        Failures failures = new Failures();
        batch.finish(failures);
        failures.throwIfAny();
        return batch.stored();
    }

    @Override
    public void finalizeLoggedModel(String runId, String modelId, LoggedModelStatus status, long timeMillis)
            throws IOException {
        Path dir = runDir(runId);
        appends.closeUnder(StoreLoggedModels.modelDir(dir, modelId));
        StoreLoggedModels.finalize(dir, modelId, status, timeMillis);
    }

    /** The version's source is the run's model directory, which MLflow 2 and 3 clients both load. */
    @Override
    public void registerModelVersion(ModelVersionRequest request) throws IOException {
        String source = runArtifactUri(request.runId()) + "/" + request.modelPath();
        new StoreRegistry(root).register(request, source, System.currentTimeMillis());
    }

    private String runArtifactUri(String runId) throws IOException {
        Path dir = runDir(runId);
        return rootUri + "/" + dir.getParent().getFileName() + "/" + runId + "/artifacts";
    }

    @Override
    public String describe() {
        return root.toString();
    }

    /** Closes the metric files held open for appending. */
    @Override
    public void close() {
        appends.close();
    }

    /** Writes run metadata, numbers unquoted and {@code tags} as the empty list MLflow keeps there. */
    static void writeRunMeta(Path dir, Map<String, String> meta) throws IOException {
        Map<String, Object> typed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            String v = e.getValue();
            if (e.getKey().equals("tags")) {
                typed.put("tags", List.of());
            } else if (v != null && NUMERIC_RUN_FIELDS.contains(e.getKey()) && v.matches("-?[0-9]{1,18}")) {
                typed.put(e.getKey(), Long.parseLong(v));
            } else {
                typed.put(e.getKey(), v);
            }
        }
        byte[] content = utf8(YamlMeta.format(typed));
        try {
            StoreFiles.atomicWrite(dir.resolve(META), content, dir);
        } catch (IOException e) {
            if (!Files.isRegularFile(dir.resolve(META))) {
                throw e;
            }
            // a full disk has no room for a new file, but an existing meta.yaml has room in its own blocks
            try {
                StoreFiles.overwrite(dir.resolve(META), content);
            } catch (IOException inPlace) {
                e.addSuppressed(inPlace);
                throw e;
            }
        }
    }

    private Path runDir(String runId) throws IOException {
        return runs.dir(runId);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
