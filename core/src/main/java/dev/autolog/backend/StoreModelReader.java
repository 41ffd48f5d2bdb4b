package dev.autolog.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a run's models back: its LoggedModels (outputs, the models' meta.yaml) and the models MLflow 2 records only in
 * its {@code mlflow.log-model.history} tag, each with its MLmodel and the registry's versions.
 */
final class StoreModelReader {
    private static final List<String> STATUSES = List.of("UNSPECIFIED", "PENDING", "READY", "FAILED");

    private StoreModelReader() {
    }

    static List<LoggedModelInfo> read(Path root, Path runDir) throws IOException {
        List<LoggedModelInfo> out = new ArrayList<>();
        Map<String, List<String>> versions = null;
        for (Path output : StoreFiles.subdirs(runDir.resolve(StoreLoggedModels.OUTPUTS))) {
            String id = output.getFileName().toString();
            Map<String, String> meta = StoreKeys.isValidId(id)
                    ? readOrNull(runDir.getParent().resolve(StoreLoggedModels.MODELS), id + "/" + LocalStore.META)
                    : null;
            if (meta == null) {
                continue;
            }
            String name = meta.getOrDefault("name", "");
            byte[] mlmodel = runMlmodel(runDir, name);
            if (mlmodel == null) { // MLflow 3 keeps a LoggedModel's files in the model's own folder
                mlmodel = RunFiles.readSmall(runDir.getParent().resolve(StoreLoggedModels.MODELS),
                        id + "/artifacts/MLmodel");
            }
            versions = versions != null ? versions : versions(root);
            out.add(info(id, name, status(meta.get("status")), mlmodel, List.of(),
                    versions.getOrDefault(id, List.of())));
        }
        for (LogModelHistory.Entry logged : LogModelHistory.read(runDir)) {
            if (out.stream().noneMatch(m -> m.name().equals(logged.artifactPath()))) {
                versions = versions != null ? versions : versions(root);
                String runPath = runDir.getFileName() + "/" + logged.artifactPath();
                // MLflow 2 records a model in the tag only once its files are uploaded
                out.add(info(logged.modelUuid(), logged.artifactPath(), "READY",
                        runMlmodel(runDir, logged.artifactPath()), logged.flavors(),
                        versions.getOrDefault(runPath, List.of())));
            }
        }
        return out;
    }

    /** The MLmodel of the model at {@code path} under the run's artifacts, read only from inside them; or null. */
    private static byte[] runMlmodel(Path runDir, String path) throws IOException {
        return MlflowKeys.isAccepted(path) ? RunFiles.readSmall(runDir.resolve("artifacts"), path + "/MLmodel") : null;
    }

    /** Flavors and signature from the MLmodel; without one, the flavors recorded elsewhere ({@code knownFlavors}). */
    private static LoggedModelInfo info(String id, String name, String status, byte[] mlmodel,
                                        List<String> knownFlavors, List<String> versions) {
        List<String> flavors = new ArrayList<>();
        String inputs = mlmodel == null ? null : readMlmodel(new String(mlmodel, StandardCharsets.UTF_8), flavors);
        return new LoggedModelInfo(id, name, status, mlmodel == null ? knownFlavors : flavors, inputs, versions);
    }

    /**
     * Collects the flavor names of an MLmodel (ours, or MLflow's own as PyYAML writes it); returns its signature
     * inputs, or null.
     */
    private static String readMlmodel(String text, List<String> flavors) {
        String section = "";
        StringBuilder inputs = null;
        for (String line : text.split("\n")) {
            if (!line.startsWith(" ")) {
                section = line;
            } else if (section.equals("flavors:") && line.matches("  [^ ].*:")) {
                flavors.add(line.substring(2, line.length() - 1));
            } else if (section.equals("signature:") && line.startsWith("  inputs: ")) {
                inputs = new StringBuilder(line.substring(2));
            } else if (inputs != null && section.equals("signature:") && line.startsWith("    ")) {
                inputs.append('\n').append(line); // PyYAML folds a long value over indented lines
            } else if (section.equals("signature:")) {
                section = "signature: read";
            }
        }
        return inputs == null ? null : signatureInputs(inputs.toString());
    }

    /** Null when the line is malformed: the model is still listed, without a signature. */
    private static String signatureInputs(String line) {
        try {
            return YamlMeta.parse(line).get("inputs");
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /**
     * The meta.yaml at {@code relative} inside {@code folder}, read only from inside it and only when small
     * ({@link RunFiles#readSmall}); null when it is not, or malformed (not ours, or damaged): skipped, never the
     * whole listing.
     */
    private static Map<String, String> readOrNull(Path folder, String relative) throws IOException {
        byte[] bytes = RunFiles.readSmall(folder, relative);
        try {
            return bytes == null ? null : YamlMeta.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private static String status(String code) {
        try {
            return STATUSES.get(Integer.parseInt(code));
        } catch (RuntimeException e) {
            return String.valueOf(code);
        }
    }

    /**
     * The registry's versions by what each one registers (its {@link #registeredModel}), read once for all of a
     * run's models.
     */
    private static Map<String, List<String>> versions(Path root) throws IOException {
        Map<String, List<String>> out = new HashMap<>();
        Path registry = root.resolve(StoreLoggedModels.MODELS);
        for (Path registered : StoreFiles.subdirs(registry)) {
            for (Path version : StoreFiles.subdirs(registered)) {
                if (version.getFileName().toString().startsWith("version-")) {
                    Map<String, String> m = readOrNull(registry, registered.getFileName() + "/"
                            + version.getFileName() + "/" + LocalStore.META);
                    String model = m == null ? null : registeredModel(m);
                    if (model != null) {
                        out.computeIfAbsent(model, id -> new ArrayList<>())
                                .add(m.get("name") + " v" + m.get("version"));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The LoggedModel's id a version registers; for an MLflow 2 version (no model_id) {@code <run_id>/<path>} of the
     * run model its source names, as {@code runs:/<run_id>/<path>} or the run's {@code .../<run_id>/artifacts/<path>}.
     */
    private static String registeredModel(Map<String, String> version) {
        String run = version.get("run_id");
        String source = version.getOrDefault("source", "");
        if (version.get("model_id") != null || run == null || source == null) {
            return version.get("model_id");
        }
        String runsUri = "runs:/" + run + "/";
        String underRun = "/" + run + "/artifacts/";
        String path = source.startsWith(runsUri) ? source.substring(runsUri.length())
                : source.contains(underRun) ? source.substring(source.lastIndexOf(underRun) + underRun.length()) : null;
        return path == null ? null : run + "/" + path.replaceAll("/+$", "");
    }
}
