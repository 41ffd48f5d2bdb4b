package dev.autolog.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a run's LoggedModels back: its outputs, the models' meta.yaml, MLmodel and the registry's versions. */
final class StoreModelReader {
    private static final List<String> STATUSES = List.of("UNSPECIFIED", "PENDING", "READY", "FAILED");

    private StoreModelReader() {
    }

    static List<LoggedModelInfo> read(Path root, Path runDir) throws IOException {
        List<LoggedModelInfo> out = new ArrayList<>();
        for (Path output : StoreFiles.subdirs(runDir.resolve(StoreLoggedModels.OUTPUTS))) {
            String id = output.getFileName().toString();
            Path modelDir = runDir.getParent().resolve(StoreLoggedModels.MODELS).resolve(id);
            if (!StoreKeys.isValidId(id) || !Files.isRegularFile(modelDir.resolve(LocalStore.META))) {
                continue;
            }
            Map<String, String> meta = readOrNull(modelDir.resolve(LocalStore.META));
            if (meta == null) {
                continue;
            }
            String name = meta.getOrDefault("name", "");
            List<String> flavors = new ArrayList<>();
            String inputs = null;
            Path mlmodel = MlflowKeys.isAccepted(name) ? runDir.resolve("artifacts").resolve(name).resolve("MLmodel")
                    : null;
            if (mlmodel != null && mlmodel.normalize().startsWith(runDir.resolve("artifacts"))
                    && Files.isRegularFile(mlmodel)) {
                inputs = readMlmodel(Files.readString(mlmodel, StandardCharsets.UTF_8), flavors);
            }
            out.add(new LoggedModelInfo(id, name, status(meta.get("status")), flavors, inputs, versions(root, id)));
        }
        return out;
    }

    /** Collects the flavor names of an MLmodel we wrote; returns its signature inputs, or null. */
    private static String readMlmodel(String text, List<String> flavors) {
        String section = "";
        String inputs = null;
        for (String line : text.split("\n")) {
            if (!line.startsWith(" ")) {
                section = line;
            } else if (section.equals("flavors:") && line.matches("  [^ ].*:")) {
                flavors.add(line.substring(2, line.length() - 1));
            } else if (section.equals("signature:") && line.startsWith("  inputs: ")) {
                inputs = YamlMeta.parse(line.substring(2)).get("inputs");
            }
        }
        return inputs;
    }

    /** A malformed file (not ours, or damaged) is skipped, never the whole listing. */
    private static Map<String, String> readOrNull(Path meta) {
        try {
            return YamlMeta.read(meta);
        } catch (IOException e) {
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

    private static List<String> versions(Path root, String modelId) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path registered : StoreFiles.subdirs(root.resolve(StoreLoggedModels.MODELS))) {
            for (Path version : StoreFiles.subdirs(registered)) {
                Path meta = version.resolve(LocalStore.META);
                if (version.getFileName().toString().startsWith("version-") && Files.isRegularFile(meta)) {
                    Map<String, String> m = readOrNull(meta);
                    if (m != null && modelId.equals(m.get("model_id"))) {
                        out.add(m.get("name") + " v" + m.get("version"));
                    }
                }
            }
        }
        return out;
    }
}
