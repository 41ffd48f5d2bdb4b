package dev.autolog.backend.mlflow;

import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.RunInfo;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The models of a spool in MLflow 3's file-store layout: LoggedModels {@code <exp>/models/<m-id>/} linked to their
 * run by {@code <exp>/<run>/outputs/<m-id>/}, whose files are the run's {@code artifacts/<model path>} directory,
 * and registrations in the file-store registry at the store root ({@code models/<name>/version-<n>/}). All of it is
 * read as hostile input: a malformed entry is left out, and no path leaves the run's artifacts.
 */
final class SpoolModels {
    static final int PENDING = 1;
    static final int READY = 2;
    static final int FAILED = 3;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern MODELS_URI = Pattern.compile("models:/(" + ID.pattern() + ")");
    private static final Pattern RUNS_URI = Pattern.compile("runs:/[^/]+/(.+)");

    /** A LoggedModel of a run; {@code artifactPath} is its directory under the run's artifacts. */
    record LoggedModel(String modelId, String name, int status, Path dir, String artifactPath) {
        boolean isFinal() {
            return status == READY || status == FAILED;
        }
    }

    /** A model version of the spool's registry; {@code key} is {@code <registered model dir>/version-<n>}. */
    record Registration(String key, String name, String runId, String modelId, String modelPath,
                        Map<String, String> tags) {
    }

    private final Path root;
    /** Version directory to its run id: fixed once written, so each is read once per process for the scan. */
    private final Map<Path, String> versionRuns = new ConcurrentHashMap<>();

    SpoolModels(Path root) {
        this.root = root;
    }

    /** The run's LoggedModels, by their links in the run's {@code outputs/}. */
    List<LoggedModel> ofRun(RunInfo run) throws IOException {
        List<LoggedModel> out = new ArrayList<>();
        for (Path link : subdirs(run.dir().resolve("outputs"))) {
            String id = link.getFileName().toString();
            if (ID.matcher(id).matches()) {
                read(run, id).ifPresent(out::add);
            }
        }
        return out;
    }

    private Optional<LoggedModel> read(RunInfo run, String modelId) {
        Path dir = run.dir().getParent().resolve("models").resolve(modelId);
        try {
            Map<String, String> meta = LocalStoreReader.readMeta(dir.resolve("meta.yaml"));
            if (!modelId.equals(meta.get("model_id")) || !run.runId().equals(meta.get("source_run_id"))) {
                return Optional.empty();
            }
            String name = Objects.toString(meta.get("name"), "");
            String status = Objects.toString(meta.get("status"), "");
            Path artifacts = run.dir().resolve("artifacts").normalize();
            Path modelFiles = artifacts.resolve(name).normalize();
            if (name.isEmpty() || !modelFiles.startsWith(artifacts) || modelFiles.equals(artifacts)
                    || !status.matches("[0-3]")) {
                return Optional.empty();
            }
            String path = artifacts.relativize(modelFiles).toString().replace(dir.getFileSystem().getSeparator(), "/");
            return Optional.of(new LoggedModel(modelId, name, Integer.parseInt(status), dir, path));
        } catch (IOException | RuntimeException malformed) {
            return Optional.empty();
        }
    }

    static Map<String, String> params(LoggedModel m) throws IOException {
        return LocalStoreReader.readTexts(m.dir().resolve("params"));
    }

    static Map<String, String> tags(LoggedModel m) throws IOException {
        return LocalStoreReader.readTexts(m.dir().resolve("tags"));
    }

    /** The registrations of the run's models, oldest version first. */
    List<Registration> registrationsOf(RunInfo run, List<LoggedModel> models) throws IOException {
        List<Registration> out = new ArrayList<>();
        for (Path registered : subdirs(root.resolve("models"))) {
            for (Path version : subdirs(registered)) {
                if (!version.getFileName().toString().matches("version-[0-9]{1,9}")) {
                    continue;
                }
                String runId = versionRuns.get(version);
                if (runId == null) {
                    runId = runIdOf(version);
                    if (runId != null) {
                        versionRuns.put(version, runId);
                    }
                }
                if (run.runId().equals(runId)) {
                    registration(root.resolve("models").relativize(version), version, models).ifPresent(out::add);
                }
            }
        }
        out.sort((a, b) -> Integer.compare(number(a.key()), number(b.key())));
        return out;
    }

    /** Null while the version's meta.yaml is not (yet) readable: the store writes it after the directory. */
    private static String runIdOf(Path version) {
        try {
            return LocalStoreReader.readMeta(version.resolve("meta.yaml")).get("run_id");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Optional<Registration> registration(Path key, Path version, List<LoggedModel> models) {
        try {
            Map<String, String> meta = LocalStoreReader.readMeta(version.resolve("meta.yaml"));
            String name = Objects.toString(meta.get("name"), version.getParent().getFileName().toString());
            String source = Objects.toString(meta.get("source"), "");
            Matcher byId = MODELS_URI.matcher(source);
            String modelId = meta.get("model_id") != null ? meta.get("model_id") : byId.matches() ? byId.group(1) : null;
            String modelPath = models.stream().filter(m -> m.modelId().equals(modelId)).map(LoggedModel::artifactPath)
                    .findFirst().orElseGet(() -> pathIn(source));
            if (modelPath == null) {
                return Optional.empty();
            }
            return Optional.of(new Registration(key.toString().replace(key.getFileSystem().getSeparator(), "/"),
                    name, meta.get("run_id"), modelId, modelPath, LocalStoreReader.readTexts(version.resolve("tags"))));
        } catch (IOException | RuntimeException malformed) {
            return Optional.empty();
        }
    }

    /** The model path in a {@code runs:/<run>/<path>} source or a run artifact URI; null for anything else. */
    private static String pathIn(String source) {
        Matcher runs = RUNS_URI.matcher(source);
        if (runs.matches()) {
            return runs.group(1);
        }
        int at = source.indexOf("/artifacts/");
        if (at < 0) {
            return null;
        }
        String path = URI.create(source.substring(at + "/artifacts/".length()).replace(" ", "%20")).getPath();
        return path == null || path.isEmpty() || path.contains("..") ? null : path;
    }

    private static int number(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
    }

    private static List<Path> subdirs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).sorted().toList();
        }
    }
}
