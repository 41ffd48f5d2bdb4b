package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.logging.Diagnostics;
import dev.autolog.run.TrackingEngine;
import dev.autolog.run.Training;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * The metrics Spark keeps in a fitted model's training summary ({@code HasTrainingSummary}): every
 * {@code objectiveHistory} point as {@code objective_history} at step = iteration, and the summary's scalar
 * metrics at step 0 as {@code training_<Spark's name>}: the same names without the prefix are what evaluations of
 * the model on other data log later. The values are Spark's own: a classification summary's confusion-based metrics
 * all come from one Spark job (its {@code MulticlassMetrics} counts the confusion table once, over the predictions
 * the fit already planned, and keeps it for the user's own calls); the objective history is on the driver already.
 * A binary summary's {@code areaUnderROC} sorts every distinct score: logged only when
 * {@code autolog.spark.training.area.under.roc} asks, as it alone costs the cluster half the fit again.
 * A tree ensemble's summary holds Spark's placeholder history {@code [0.0]} (no iterations): no history is logged
 * then. A metric a summary refuses (a Tweedie GLR has no {@code aic}) is left out; the others are still logged.
 */
final class TrainingSummaries {
    static final List<String> METRICS = List.of("accuracy", "weightedPrecision", "weightedRecall",
            "weightedFMeasure", "weightedTruePositiveRate", "weightedFalsePositiveRate", "areaUnderROC",
            "rootMeanSquaredError", "meanSquaredError", "meanAbsoluteError", "r2", "r2adj", "explainedVariance",
            "trainingCost", "logLikelihood", "aic", "deviance", "totalIterations", "numIterations");

    private static final String AREA_UNDER_ROC = "areaUnderROC";
    private static final String TOTAL_ITERATIONS = "totalIterations";

    private TrainingSummaries() {
    }

    static void log(Training training, Object model) throws Exception {
        for (Object part : SparkModels.parts(model)) {
            if (Reflect.hasMethod(part, "hasSummary", 0) && (Boolean) Reflect.call(part, "hasSummary")) {
                logSummary(training, Reflect.call(part, "summary"));
            } else if (XGBoostSummaries.has(part)) {
                XGBoostSummaries.log(training, part);
            } else if (LightGbmModels.is(part)) {
                LightGbmModels.log(training, part);
            }
        }
    }

    private static void logSummary(Training training, Object summary) throws Exception {
        boolean iterated = true;
        if (Reflect.hasMethod(summary, "objectiveHistory", 0)) {
            double[] history = (double[]) Reflect.call(summary, "objectiveHistory");
            iterated = !(history.length == 1 && history[0] == 0.0);
            for (int i = 0; iterated && i < history.length; i++) {
                training.metric("objective_history", history[i], i);
            }
        }
        boolean area = TrackingEngine.get().config().sparkTrainingAreaUnderRoc();
        for (String name : METRICS) {
            if (name.equals(AREA_UNDER_ROC) && !area || name.equals(TOTAL_ITERATIONS) && !iterated) {
                continue;
            }
            if (Reflect.hasMethod(summary, name, 0)) {
                Object value = valueOrNull(summary, name);
                if (value instanceof Number n) {
                    training.metric("training_" + name, n.doubleValue(), 0);
                }
            }
        }
    }

    /** Null when the summary throws instead of answering (Spark's way of saying a family has no such metric). */
    private static Object valueOrNull(Object summary, String name) throws Exception {
        try {
            return Reflect.call(summary, name);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof UnsupportedOperationException) {
                Diagnostics.debug("Spark training summary has no " + name + ": " + e.getCause().getMessage());
                return null;
            }
            throw e;
        }
    }

}
