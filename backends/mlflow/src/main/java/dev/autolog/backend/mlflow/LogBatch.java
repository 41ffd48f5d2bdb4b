package dev.autolog.backend.mlflow;

import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import java.util.List;
import java.util.Map;

/**
 * The content of one {@code runs/log-batch} request. {@code modelIds}: the LoggedModel (server id) each metric key's
 * points also belong to (MLflow 3 keeps such a point once for the run and once for the model).
 */
record LogBatch(List<MetricTail.Point> metrics, List<Param> params, List<Tag> tags, Map<String, String> modelIds) {

    LogBatch(List<MetricTail.Point> metrics, List<Param> params, List<Tag> tags) {
        this(metrics, params, tags, Map.of());
    }

    LogBatch withModelIds(Map<String, String> ids) {
        return new LogBatch(metrics, params, tags, ids);
    }

    int size() {
        return metrics.size() + params.size() + tags.size();
    }
}
