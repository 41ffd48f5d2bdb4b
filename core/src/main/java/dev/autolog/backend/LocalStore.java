package dev.autolog.backend;

import dev.autolog.RunStatus;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The default backend: a directory in MLflow's file-store layout ({@code mlruns}), readable by MLflow's own client
 * and UI. Several processes may write one store at once: experiments are created under an exclusive lock file,
 * metadata files are replaced atomically and metric points are appended a whole batch per key at a time.
 */
public final class LocalStore implements Backend {
    static final String META = "meta.yaml";
    private static final Set<String> NUMERIC_RUN_FIELDS = Set.of("end_time", "source_type", "start_time", "status",
            "deleted_time");

    private final Path root;
    private final String rootUri;
    private final StoreExperiments experiments;
    private final Map<String, Path> runDirs = new ConcurrentHashMap<>();

    /** @param root the {@code mlruns} directory; created on the first write */
    public LocalStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        String uri = this.root.toUri().toString();
        this.rootUri = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        this.experiments = new StoreExperiments(this.root, rootUri);
    }

    @Override
    public void createRun(NewRun run) throws IOException {
        StoreKeys.checkRunId(run.runId());
        String name = run.experimentName() == null || run.experimentName().isEmpty()
                ? StoreExperiments.DEFAULT_EXPERIMENT : run.experimentName();
        String experimentId = experiments.idOf(name);
        Path dir = root.resolve(experimentId).resolve(run.runId());
        for (String folder : List.of("metrics", "params", "tags", "artifacts")) {
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
        writeRunMeta(dir, meta);
        runDirs.put(run.runId(), dir);

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
     * Writes everything it can: a bad key or a param conflict does not stop the rest of the batch. The first failure
     * is thrown at the end, any others attached as suppressed.
     */
    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) throws IOException {
        Path dir = runDir(runId);
        List<IOException> errors = new ArrayList<>();
        Map<String, StringBuilder> lines = new LinkedHashMap<>();
        for (Metric m : metrics) {
            lines.computeIfAbsent(m.key(), k -> new StringBuilder()).append(m.timestampMillis()).append(' ')
                    .append(Double.toString(m.value())).append(' ').append(m.step()).append('\n');
        }
        for (Map.Entry<String, StringBuilder> e : lines.entrySet()) {
            try {
                StoreFiles.append(StoreKeys.keyFile(dir.resolve("metrics"), e.getKey()), utf8(e.getValue().toString()));
            } catch (IOException ex) {
                errors.add(ex);
            }
        }
        for (Param p : params) {
            try {
                writeParam(dir, p.key(), Objects.toString(p.value(), ""));
            } catch (IOException ex) {
                errors.add(ex);
            }
        }
        for (Tag t : tags) {
            try {
                Path file = StoreKeys.keyFile(dir.resolve("tags"), t.key());
                StoreFiles.atomicWrite(file, utf8(Objects.toString(t.value(), "")), dir);
            } catch (IOException ex) {
                errors.add(ex);
            }
        }
        if (!errors.isEmpty()) {
            IOException first = errors.get(0);
            errors.subList(1, errors.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void writeParam(Path dir, String key, String value) throws IOException {
        Path file = StoreKeys.keyFile(dir.resolve("params"), key);
        if (Files.exists(file)) {
            if (new String(Files.readAllBytes(file), StandardCharsets.UTF_8).equals(value)) {
                return;
            }
            throw new IOException("param " + key + " already logged with a different value");
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
                Files.createDirectories(to);
            } else if (Files.isRegularFile(p)) {
                StoreFiles.atomicCopy(p, to, dir);
            }
        }
    }

    @Override
    public void endRun(String runId, RunStatus status, long endTimeMillis) throws IOException {
        Path dir = runDir(runId);
        Map<String, String> meta = YamlMeta.read(dir.resolve(META));
        meta.put("end_time", Long.toString(endTimeMillis));
        meta.put("status", Integer.toString(status.code()));
        writeRunMeta(dir, meta);
    }

    @Override
    public void createLoggedModel(LoggedModel model) throws IOException {
        StoreLoggedModels.create(runDir(model.runId()), runArtifactUri(model.runId()), model);
    }

    @Override
    public void logLoggedModelParams(String runId, String modelId, List<Param> params) throws IOException {
        StoreLoggedModels.params(runDir(runId), modelId, params);
    }

    @Override
    public void logLoggedModelMetrics(String runId, String modelId, List<Metric> metrics) throws IOException {
        StoreLoggedModels.metrics(runDir(runId), runId, modelId, metrics);
    }

    @Override
    public void finalizeLoggedModel(String runId, String modelId, LoggedModelStatus status, long timeMillis)
            throws IOException {
        StoreLoggedModels.finalize(runDir(runId), modelId, status, timeMillis);
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
        StoreFiles.atomicWrite(dir.resolve(META), utf8(YamlMeta.format(typed)), dir);
    }

    private Path runDir(String runId) throws IOException {
        Path dir = runId == null ? null : runDirs.get(runId);
        if (dir != null) {
            return dir;
        }
        StoreKeys.checkRunId(runId);
        for (Path experiment : StoreFiles.subdirs(root)) {
            Path candidate = experiment.resolve(runId);
            if (Files.isDirectory(candidate)) {
                runDirs.put(runId, candidate);
                return candidate;
            }
        }
        throw new IOException("unknown run " + runId + ": no directory " + root + File.separator + "*" + File.separator
                + runId);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
