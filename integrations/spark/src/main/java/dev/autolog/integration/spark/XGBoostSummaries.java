package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.run.Training;

/**
 * xgboost4j-spark models keep their per-round history in {@code summary()}, an {@code Option} of
 * {@code XGBoostTrainingSummary}: the training set's as {@code train-<metric>} and each validation set's as
 * {@code <name>-<metric>}, at step = round, named as the XGBoost4J integration names its metrics. The executors'
 * XGBoost runs inside Spark tasks, which are never tracked; this driver-side copy is what the run gets.
 */
final class XGBoostSummaries {
    static final String PACKAGE = "ml.dmlc.xgboost4j.scala.spark.";

    private XGBoostSummaries() {
    }

    static boolean has(Object model) {
        return model.getClass().getName().startsWith(PACKAGE) && Reflect.hasMethod(model, "summary", 0);
    }

    static void log(Training training, Object model) throws Exception {
        Object option = Reflect.call(model, "summary");
        if (!(Boolean) Reflect.call(option, "isDefined")) {
            return;
        }
        Object summary = Reflect.call(option, "get");
        String metric = XGBoostDefaultMetric.of(SparkParams.of(model));
        logHistory(training, "train-" + metric, (float[]) Reflect.call(summary, "trainObjectiveHistory"));
        Object validations = Reflect.call(Reflect.call(summary, "validationObjectiveHistory"), "iterator");
        while ((Boolean) Reflect.call(validations, "hasNext")) {
            Object pair = Reflect.call(validations, "next");
            logHistory(training, Reflect.call(pair, "_1") + "-" + metric, (float[]) Reflect.call(pair, "_2"));
        }
    }

    private static void logHistory(Training training, String key, float[] history) {
        for (int i = 0; i < history.length; i++) {
            training.metric(key, history[i], i);
        }
    }
}
