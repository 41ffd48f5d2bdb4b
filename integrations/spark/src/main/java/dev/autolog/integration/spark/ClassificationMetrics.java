package dev.autolog.integration.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A classification summary's scalar metrics from one table of weights by (label, prediction), as Spark's
 * {@code MulticlassMetrics} defines them ({@code accuracy}, {@code weightedPrecision}, {@code weightedRecall},
 * {@code weightedFMeasure}, {@code weightedTruePositiveRate}, {@code weightedFalsePositiveRate}).
 */
final class ClassificationMetrics {
    private final Map<Double, Double> labelWeights = new TreeMap<>();
    private final Map<Double, Double> truePositives = new TreeMap<>();
    private final Map<Double, Double> falsePositivesByPrediction = new TreeMap<>();
    private double total;

    void add(double label, double prediction, double weight) {
        total += weight;
        labelWeights.merge(label, weight, Double::sum);
        if (label == prediction) {
            truePositives.merge(label, weight, Double::sum);
        } else {
            falsePositivesByPrediction.merge(prediction, weight, Double::sum);
        }
    }

    Map<String, Double> metrics() {
        Map<String, Double> out = new LinkedHashMap<>();
        double correct = 0;
        double precision = 0;
        double recall = 0;
        double fMeasure = 0;
        double falsePositiveRate = 0;
        for (Map.Entry<Double, Double> e : labelWeights.entrySet()) {
            double label = e.getKey();
            double share = e.getValue() / total;
            double tp = truePositives.getOrDefault(label, 0.0);
            double fp = falsePositivesByPrediction.getOrDefault(label, 0.0);
            double p = tp + fp == 0 ? 0 : tp / (tp + fp);
            double r = tp / e.getValue();
            correct += tp;
            precision += p * share;
            recall += r * share;
            fMeasure += (p + r == 0 ? 0 : 2 * p * r / (p + r)) * share;
            falsePositiveRate += fp / (total - e.getValue()) * share;
        }
        out.put("accuracy", correct / total);
        out.put("weightedPrecision", precision);
        out.put("weightedRecall", recall);
        out.put("weightedFMeasure", fMeasure);
        out.put("weightedTruePositiveRate", recall);
        out.put("weightedFalsePositiveRate", falsePositiveRate);
        return out;
    }
}
