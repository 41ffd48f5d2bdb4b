package dev.autolog.backend;

import java.util.List;

/**
 * A run's logged model as the store holds it: the LoggedModel's id, name (the run's model path) and status, the
 * flavors and signature inputs (MLflow's JSON) of its {@code MLmodel}, and the registered versions made of it
 * ({@code <name> v<n>}). A model MLflow 2 logged under the run's artifacts (recorded only in the run's
 * {@code mlflow.log-model.history} tag) has its {@code model_uuid} as id, its artifact path as name, status READY.
 */
public record LoggedModelInfo(String modelId, String name, String status, List<String> flavors,
                              String signatureInputs, List<String> registeredVersions) {
}
