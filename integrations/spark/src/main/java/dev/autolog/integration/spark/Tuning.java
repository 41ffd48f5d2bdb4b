package dev.autolog.integration.spark;

import dev.autolog.RunStatus;
import dev.autolog.agent.tooling.Reflect;
import dev.autolog.dataset.DatasetSpec;
import dev.autolog.run.Run;
import dev.autolog.run.Training;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code CrossValidator} and {@code TrainValidationSplit}. The parent run (the tuning fit's own) gets the tuning
 * params, the wrapped estimator's params, the best candidate's params ({@code best_<key>}) and score
 * ({@code best_<metric>}), and {@code tuning_candidates.csv} with every candidate, best first. The best
 * {@code maxRuns} candidates also get a child run each (tag {@code mlflow.parentRunId}) with their params and score.
 */
final class Tuning {
    static final String CANDIDATES = "tuning_candidates.csv";
    private static final String CROSS_VALIDATOR = "org.apache.spark.ml.tuning.CrossValidator";
    private static final String TRAIN_VALIDATION_SPLIT = "org.apache.spark.ml.tuning.TrainValidationSplit";
    private static final Set<String> NOT_PARAMS = Set.of("estimator", "evaluator", "estimatorParamMaps");

    private Tuning() {
    }

    static boolean isTuning(Object estimator) {
        return Stages.is(estimator, CROSS_VALIDATOR) || Stages.is(estimator, TRAIN_VALIDATION_SPLIT);
    }

    static boolean isTuningModel(Object model) {
        return Stages.is(model, CROSS_VALIDATOR + "Model") || Stages.is(model, TRAIN_VALIDATION_SPLIT + "Model");
    }

    static void logParams(EstimatorParams.ParamSink sink, Object tuning) throws Exception {
        SparkParams.of(tuning).forEach((k, v) -> {
            if (!NOT_PARAMS.contains(k)) {
                sink.param(k, v);
            }
        });
        Object estimator = Reflect.call(tuning, "getEstimator");
        Object evaluator = Reflect.call(tuning, "getEvaluator");
        sink.param("estimator", estimator.getClass().getSimpleName());
        sink.param("evaluator", evaluator.getClass().getSimpleName());
        sink.param("evaluator.metricName", EvaluateHook.metricName(evaluator));
        sink.param("grid_size", ((Object[]) Reflect.call(tuning, "getEstimatorParamMaps")).length);
        EstimatorParams.log(sink, estimator);
    }

    /** {@code inputs}: the parent's datasets, which each child run gets too (its candidate trained on them). */
    static void logResults(Training training, Object tuningModel, int maxRuns, List<DatasetSpec> inputs)
            throws Exception {
        Object evaluator = Reflect.call(tuningModel, "getEvaluator");
        String metric = EvaluateHook.metricName(evaluator);
        List<Candidate> candidates = candidates(tuningModel, (Boolean) Reflect.call(evaluator, "isLargerBetter"));
        if (candidates.isEmpty()) {
            return;
        }
        Candidate best = candidates.get(0);
        best.params.forEach((k, v) -> training.param("best_" + k, v));
        training.metric("best_" + metric, best.score, 0);
        int logged = Math.min(maxRuns, candidates.size());
        training.param("tuning.child_runs", logged);
        for (int rank = 0; rank < logged; rank++) {
            Run child = training.startChildRun("spark", Map.of("mlflow.autologging", "spark",
                    "autolog.tuning.rank", String.valueOf(rank + 1)));
            candidates.get(rank).params.forEach(child::logParam);
            child.logInputs(inputs);
            child.logMetric(metric, candidates.get(rank).score, 0);
            child.end(RunStatus.FINISHED);
        }
        training.artifact(CANDIDATES, csv(candidates, metric));
    }

    /** Every candidate with its params and score, best first (ties in grid order). */
    private static List<Candidate> candidates(Object tuningModel, boolean largerIsBetter) throws Exception {
        double[] scores = scores(tuningModel);
        Object[] maps = (Object[]) Reflect.call(tuningModel, "getEstimatorParamMaps");
        Map<String, String> prefixes = Stages.prefixes(Reflect.call(tuningModel, "getEstimator"));
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < Math.min(scores.length, maps.length); i++) {
            out.add(new Candidate(SparkParams.of(maps[i], prefixes), scores[i]));
        }
        Comparator<Candidate> byScore = Comparator.comparingDouble(Candidate::score);
        out.sort(largerIsBetter ? byScore.reversed() : byScore);
        return out;
    }

    private static double[] scores(Object tuningModel) throws Exception {
        return (double[]) Reflect.call(tuningModel,
                Stages.is(tuningModel, CROSS_VALIDATOR + "Model") ? "avgMetrics" : "validationMetrics");
    }

    private static byte[] csv(List<Candidate> candidates, String metric) {
        Set<String> keys = new LinkedHashSet<>();
        candidates.forEach(c -> keys.addAll(c.params.keySet()));
        StringBuilder out = new StringBuilder(String.join(",", keys)).append(',').append(metric).append('\n');
        for (Candidate c : candidates) {
            for (String k : keys) {
                out.append(c.params.getOrDefault(k, "")).append(',');
            }
            out.append(c.score).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private record Candidate(Map<String, String> params, double score) {
    }
}
