package dev.autolog.backend;

import java.util.Map;

/** A new version of registered model {@code name} for the model logged at {@code modelPath} of run {@code runId}. */
public record ModelVersionRequest(String name, String runId, String modelId, String modelPath, Map<String, String> tags) {
}
