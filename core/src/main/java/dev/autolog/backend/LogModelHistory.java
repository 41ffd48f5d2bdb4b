package dev.autolog.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run tag {@code mlflow.log-model.history}: the only record MLflow 2.x (and 3.x's Spark flavor) keeps of a
 * model logged under the run's artifacts, a JSON list of {@code {"artifact_path", "flavors", "model_uuid", ...}}
 * appended at each {@code log_model}. A malformed tag or entry is skipped, never an error.
 */
final class LogModelHistory {
    static final String TAG = "mlflow.log-model.history";

    /** One logged model: its path under the run's artifacts, its model_uuid and flavor names (either may be empty). */
    record Entry(String artifactPath, String modelUuid, List<String> flavors) {
    }

    private LogModelHistory() {
    }

    /** The run's models by artifact path, the latest entry of a path logged twice, in the order first logged. */
    static List<Entry> read(Path runDir) throws IOException {
        byte[] bytes = RunFiles.readSmall(runDir.resolve("tags"), TAG);
        if (bytes == null) {
            return List.of();
        }
        Map<String, Entry> byPath = new LinkedHashMap<>();
        for (Object item : list(new String(bytes, StandardCharsets.UTF_8))) {
            if (item instanceof Map<?, ?> m && m.get("artifact_path") instanceof String path && !path.isEmpty()) {
                List<String> flavors = new ArrayList<>();
                if (m.get("flavors") instanceof Map<?, ?> f) {
                    f.keySet().forEach(k -> flavors.add(String.valueOf(k)));
                }
                String uuid = m.get("model_uuid") instanceof String s ? s : "";
                byPath.put(path, new Entry(path, uuid, List.copyOf(flavors)));
            }
        }
        return List.copyOf(byPath.values());
    }

    private static List<?> list(String text) {
        try {
            return JsonReader.parse(text) instanceof List<?> l ? l : List.of();
        } catch (IllegalArgumentException malformed) {
            return List.of();
        }
    }
}
