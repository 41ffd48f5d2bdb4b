package dev.autolog.backend;

import dev.autolog.RunStatus;
import dev.autolog.logging.TerminalText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads a local store ({@link LocalStore}'s or MLflow's own {@code mlruns} directory). Runs may be being written
 * while they are read: directories without a readable {@code meta.yaml} are skipped, and so is an unfinished or
 * malformed metric line. I/O failures are thrown as {@link UncheckedIOException}; methods taking a run id throw
 * {@link IllegalArgumentException} when there is no such run.
 */
public final class LocalStoreReader {
    private static final int TAIL_BYTES = 512;

    private final Path root;

    public LocalStoreReader(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** All experiments with a readable {@code meta.yaml}, by id (numerically), deleted ones in {@code .trash} not. */
    public List<ExperimentInfo> experiments() {
        return unchecked(this::readExperiments);
    }

    private List<ExperimentInfo> readExperiments() throws IOException {
        List<ExperimentInfo> out = new ArrayList<>();
        for (Path dir : StoreFiles.subdirs(root)) {
            Map<String, String> meta = meta(dir);
            String id = dir.getFileName().toString();
            if (meta != null && id.equals(meta.get("experiment_id")) && meta.get("name") != null) {
                out.add(new ExperimentInfo(id, meta.get("name"), stage(meta), meta.get("artifact_location")));
            }
        }
        out.sort(Comparator.comparingInt((ExperimentInfo e) -> e.id().length()).thenComparing(ExperimentInfo::id));
        return out;
    }

    /** The runs of one experiment, newest first (like MLflow's default order); none for an unknown experiment. */
    public List<RunInfo> runs(String experimentId) {
        return unchecked(() -> readRuns(experimentId, false));
    }

    /** Like {@link #runs(String)}, reading the runs' metadata on all cores: for tools listing big stores. */
    public List<RunInfo> runsInParallel(String experimentId) {
        return unchecked(() -> readRuns(experimentId, true));
    }

    private List<RunInfo> readRuns(String experimentId, boolean parallel) throws IOException {
        List<RunInfo> out = new ArrayList<>();
        if (!StoreKeys.isValidId(experimentId)) {
            return out;
        }
        List<Path> dirs = StoreFiles.subdirs(root.resolve(experimentId));
        (parallel ? dirs.parallelStream() : dirs.stream()).map(dir -> runInfo(dir, experimentId))
                .flatMap(Optional::stream).forEachOrdered(out::add);
        out.sort(newestFirst());
        return out;
    }

    /**
     * Newest first: by start time, then, among runs started in the same millisecond, by the start order the local
     * store records ({@link StartOrder}; read only for such ties), then by id.
     */
    public static Comparator<RunInfo> newestFirst() {
        return Comparator.comparingLong(RunInfo::startTime).reversed()
                .thenComparing(Comparator.comparingLong((RunInfo r) -> StartOrder.of(meta(r.dir()))).reversed())
                .thenComparing(RunInfo::runId);
    }

    /** The run with this id in any experiment. */
    public Optional<RunInfo> run(String runId) {
        return unchecked(() -> findRun(runId));
    }

    private Optional<RunInfo> findRun(String runId) throws IOException {
        if (!StoreKeys.isValidId(runId)) {
            return Optional.empty();
        }
        for (Path experiment : StoreFiles.subdirs(root)) {
            Path dir = experiment.resolve(runId);
            if (Files.isDirectory(dir)) {
                Optional<RunInfo> info = runInfo(dir, experiment.getFileName().toString());
                if (info.isPresent()) {
                    return info;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The run's logged models with their MLmodel and registered versions: MLflow 3 LoggedModels by id, then the
     * models MLflow 2 records in the run's {@code mlflow.log-model.history} tag.
     */
    public List<LoggedModelInfo> loggedModels(String runId) {
        return unchecked(() -> StoreModelReader.read(root, runDir(runId)));
    }

    /** The run's dataset inputs, sorted by dataset name. */
    public List<DatasetInput> inputs(String runId) {
        return unchecked(() -> StoreDatasets.read(runDir(runId)));
    }

    /** Params by key ('/'-separated for nested keys), sorted. */
    public Map<String, String> params(String runId) {
        return unchecked(() -> texts(runDir(runId).resolve("params")));
    }

    /** Tags by key ('/'-separated for nested keys), sorted. */
    public Map<String, String> tags(String runId) {
        return unchecked(() -> texts(runDir(runId).resolve("tags")));
    }

    /** Metric points by key, sorted by key, each key's points in file order. */
    public Map<String, List<Metric>> metrics(String runId) {
        return unchecked(() -> readMetrics(runId));
    }

    private Map<String, List<Metric>> readMetrics(String runId) throws IOException {
        Path folder = runDir(runId).resolve("metrics");
        Map<String, List<Metric>> out = new TreeMap<>();
        for (String key : StoreFiles.filesUnder(folder)) {
            byte[] bytes = RunFiles.read(folder, key);
            if (bytes != null) {
                out.put(key, MetricLines.parse(key, bytes).asList());
            }
        }
        return out;
    }

    /**
     * The real path of each metric file by key, sorted, only files inside the run's {@code metrics} folder
     * ({@link RunFiles}): for readers that keep parsed series while a file is unchanged.
     */
    public Map<String, Path> metricFiles(String runId) {
        return unchecked(() -> {
            Path folder = runDir(runId).resolve("metrics");
            Map<String, Path> out = new TreeMap<>();
            for (String key : StoreFiles.filesUnder(folder)) {
                Path file = RunFiles.confined(folder, folder.resolve(key));
                if (file != null) {
                    out.put(key, file);
                }
            }
            return out;
        });
    }

    /**
     * The last complete point of each metric file by key, read from the file's end, so cheap however long the curve:
     * the latest value for runs that log steps in order (MLflow's latest is the greatest step).
     */
    public Map<String, Metric> lastPoints(String runId) {
        return unchecked(() -> readLastPoints(runId));
    }

    private Map<String, Metric> readLastPoints(String runId) throws IOException {
        Path folder = runDir(runId).resolve("metrics");
        Map<String, Metric> out = new TreeMap<>();
        for (String key : StoreFiles.filesUnder(folder)) {
            Path file = RunFiles.confined(folder, folder.resolve(key));
            if (file == null) {
                continue;
            }
            try (SeekableByteChannel ch = Files.newByteChannel(file)) {
                ByteBuffer tail = ByteBuffer.allocate((int) Math.min(ch.size(), TAIL_BYTES));
                ch.position(ch.size() - tail.capacity());
                while (tail.hasRemaining() && ch.read(tail) >= 0) {
                    // a metric line is far shorter than the tail read
                }
                String text = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8);
                int end = text.lastIndexOf('\n');
                Metric m = end < 0 ? null : parseMetric(key, text.substring(text.lastIndexOf('\n', end - 1) + 1, end));
                if (m != null) {
                    out.put(key, m);
                }
            }
        }
        return out;
    }

    /** Relative paths ('/'-separated) of all artifact files, sorted; only files inside the run's artifacts. */
    public List<String> artifacts(String runId) {
        return unchecked(() -> StoreFiles.filesUnder(runDir(runId).resolve("artifacts")));
    }

    /**
     * The run's artifact at this '/'-separated path, opened so that its bytes come from inside the run's real
     * {@code artifacts} directory, also while folders in it are being swapped for links ({@link RunFiles#open});
     * empty when there is no such file there (missing and outside alike).
     *
     * @throws BoundedFiles.UnreadableFileException when it is there but not a regular file (a FIFO, device or socket)
     */
    public Optional<SeekableByteChannel> openArtifact(RunInfo run, String relative) throws IOException {
        return Optional.ofNullable(RunFiles.open(run.dir().resolve("artifacts"), relative));
    }

    /**
     * One "timestamp value [step]" line of a metric file, or MLflow 3's "timestamp value step dataset_name
     * dataset_digest" of a metric computed on a dataset (its step is the one written; MLflow 3.11.1 reads it as 0);
     * null when it is unfinished or malformed.
     */
    public static Metric parseMetric(String key, String line) {
        String[] parts = line.strip().split(" ");
        if (parts.length < 2 || parts.length > 3 && parts.length != 5) {
            return null;
        }
        try {
            long step = parts.length >= 3 ? Long.parseLong(parts[2]) : 0;
            return new Metric(key, value(parts[1]), Long.parseLong(parts[0]), step);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The flat {@code key: value} map of a store {@code meta.yaml} (a LoggedModel's, a registry version's, ...). */
    public static Map<String, String> readMeta(Path file) throws IOException {
        return YamlMeta.read(file);
    }

    /** The files of a key/value folder ({@code params/}, {@code tags/}) by '/'-separated key; none when missing. */
    public static Map<String, String> readTexts(Path folder) throws IOException {
        return texts(folder);
    }

    /** All regular files under {@code dir} as '/'-separated relative paths, sorted; none when it is missing. */
    public static List<String> filesUnder(Path dir) throws IOException {
        return StoreFiles.filesUnder(dir);
    }

    /** Java's {@code NaN}/{@code Infinity} as this store writes them, or Python's {@code nan}/{@code inf} (MLflow). */
    private static double value(String text) {
        return switch (text) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private Path runDir(String runId) throws IOException {
        return findRun(runId).map(RunInfo::dir)
                .orElseThrow(() -> new IllegalArgumentException("no run " + runId + " in " + root));
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T unchecked(IoSupplier<T> read) {
        try {
            return read.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> texts(Path folder) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String key : StoreFiles.filesUnder(folder)) {
            byte[] bytes = RunFiles.readSmall(folder, key);
            if (bytes != null) {
                out.put(key, new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /**
     * The run in this directory of experiment {@code experimentId}, from its {@code meta.yaml}; empty when that is
     * missing, malformed, a symbolic link, or names another run or experiment.
     */
    public static Optional<RunInfo> readRun(Path dir, String experimentId) {
        return runInfo(dir, experimentId);
    }

    private static Optional<RunInfo> runInfo(Path dir, String experimentId) {
        try {
            return Optional.of(read(dir, experimentId));
        } catch (NotARunException notARun) {
            return Optional.empty();
        }
    }

    /**
     * Why the directory holds no run of experiment {@code experimentId} that {@link #readRun} reads, in words naming
     * what is wrong and what is accepted; null when it holds one.
     */
    public static String whyNotARun(Path dir, String experimentId) {
        try {
            read(dir, experimentId);
            return null;
        } catch (NotARunException notARun) {
            return notARun.getMessage();
        }
    }

    private static RunInfo read(Path dir, String experimentId) throws NotARunException {
        Map<String, String> meta = readRunMeta(dir);
        String runId = meta.get("run_id") != null ? meta.get("run_id") : meta.get("run_uuid");
        if (!dir.getFileName().toString().equals(runId)) {
            throw new NotARunException(runId == null ? "its meta.yaml has no run_id"
                    : "its meta.yaml names run '" + TerminalText.shortened(runId, 80) + "', not its folder's name");
        }
        if (!experimentId.equals(meta.get("experiment_id"))) {
            throw new NotARunException("its meta.yaml names experiment '"
                    + TerminalText.shortened(String.valueOf(meta.get("experiment_id")), 80) + "', not " + experimentId
                    + ", the experiment it is in");
        }
        String end = meta.get("end_time");
        return new RunInfo(runId, experimentId, Objects.toString(meta.get("run_name"), ""), status(meta.get("status")),
                millis(meta, "start_time"), end == null ? null : millis(meta, "end_time"),
                Objects.toString(meta.get("user_id"), ""), stage(meta), dir);
    }

    private static RunStatus status(String status) throws NotARunException {
        try {
            return status == null ? RunStatus.RUNNING : status.matches("[0-9]{1,9}")
                    ? RunStatus.ofCode(Integer.parseInt(status)) : RunStatus.valueOf(status);
        } catch (IllegalArgumentException unknown) {
            throw new NotARunException("its status '" + TerminalText.shortened(status, 80) + "' is no run status"
                    + " (accepted: " + Arrays.stream(RunStatus.values()).map(s -> s.name() + " or " + s.code())
                    .collect(Collectors.joining(", ")) + ")");
        }
    }

    private static long millis(Map<String, String> meta, String key) throws NotARunException {
        String text = meta.get(key);
        try {
            return Long.parseLong(Objects.requireNonNull(text, key));
        } catch (RuntimeException notANumber) {
            throw new NotARunException(text == null ? "its meta.yaml has no " + key : "its " + key + " '"
                    + TerminalText.shortened(text, 80) + "' is no whole number of milliseconds since 1970 (accepted: "
                    + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
        }
    }

    /** The run's meta.yaml, or why it cannot be read. */
    private static Map<String, String> readRunMeta(Path dir) throws NotARunException {
        Path file = dir.resolve(LocalStore.META);
        if (Files.isSymbolicLink(file)) {
            throw new NotARunException("its meta.yaml is a symbolic link, which is never followed");
        }
        try {
            return YamlMeta.read(file);
        } catch (NoSuchFileException missing) {
            throw new NotARunException("it has no meta.yaml (a run being created, or no run)");
        } catch (AccessDeniedException denied) {
            throw new NotARunException("its meta.yaml cannot be read: permission denied");
        } catch (BoundedFiles.UnreadableFileException notAStoreFile) {
            throw new NotARunException("its meta.yaml is " + notAStoreFile.getMessage());
        } catch (IOException e) {
            throw new NotARunException("its meta.yaml " + (e.getCause() instanceof IllegalArgumentException malformed
                    ? "is malformed: " + malformed.getMessage() : "cannot be read: " + e.getMessage()));
        }
    }

    /** The whole reason a directory holds no readable run. */
    private static final class NotARunException extends Exception {
        NotARunException(String why) {
            super(why, null, false, false);
        }
    }

    private static String stage(Map<String, String> meta) {
        String stage = meta.get("lifecycle_stage");
        return stage == null ? "active" : stage;
    }

    /** Null when missing, malformed or a symbolic link (which could lead anywhere on the machine). */
    private static Map<String, String> meta(Path dir) {
        Path file = dir.resolve(LocalStore.META);
        if (Files.isSymbolicLink(file)) {
            return null;
        }
        try {
            return YamlMeta.read(file);
        } catch (IOException e) {
            return null;
        }
    }
}
