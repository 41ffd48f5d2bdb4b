package dev.autolog.integration.spark;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

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

    /**
     * True when the fit itself sets params of a stage, so they are read once it ended: an xgboost4j-spark classifier
     * sets {@code objective} (binary or multi-class) and {@code num_class} from the labels it finds, while before the
     * fit they hold the regression defaults. A tuning fit trains copies, which leave its estimator as it was.
     */
    static boolean settledByFit(Object estimator) throws Exception {
        if (Tuning.isTuning(estimator)) {
            return false;
        }
        AtomicBoolean xgboost = new AtomicBoolean();
        Stages.walk(estimator, (prefix, stage) -> xgboost.compareAndSet(false,
                stage.getClass().getName().startsWith(XGBoostSummaries.PACKAGE)));
        return xgboost.get();
    }

    /** Where params go: a training, or a child run. */
    interface ParamSink {
        void param(String key, Object value);
    }
}
