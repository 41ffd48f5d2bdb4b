package dev.autolog.integration.spark;

import java.util.List;

/**
 * The params a fit logs: every param of the estimator; for a {@code Pipeline}, each stage's under
 * {@code <Stage>.<param>} and the stage list under {@code stages}; for a tuning estimator, see {@link Tuning}.
 */
final class EstimatorParams {

    private EstimatorParams() {
    }

    static void log(ParamSink sink, Object estimator) throws Exception {
        if (Tuning.isTuning(estimator)) {
            Tuning.logParams(sink, estimator);
            return;
        }
        Stages.walk(estimator, new Stages.Visitor() {
            @Override
            public void pipeline(String prefix, List<String> stageNames) {
                sink.param(prefix + "stages", String.join(",", stageNames));
            }

            @Override
            public void stage(String prefix, Object stage) throws Exception {
                SparkParams.of(stage).forEach((k, v) -> sink.param(prefix + k, v));
            }
        });
    }

    /** Where params go: a training, or a child run. */
    interface ParamSink {
        void param(String key, Object value);
    }
}
