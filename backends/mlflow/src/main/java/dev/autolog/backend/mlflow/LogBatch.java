package dev.autolog.backend.mlflow;

import dev.autolog.backend.Metric;
import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import java.util.List;

/** The content of one {@code runs/log-batch} request. */
record LogBatch(List<Metric> metrics, List<Param> params, List<Tag> tags) {

    int size() {
        return metrics.size() + params.size() + tags.size();
    }
}
