package dev.autolog.integration.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A classification summary's scalar metrics from one table of weights by (label, prediction, score bin), as Spark's
 * {@code MulticlassMetrics} defines them ({@code accuracy}, {@code weightedPrecision}, {@code weightedRecall},
 * {@code weightedFMeasure}, {@code weightedTruePositiveRate}, {@code weightedFalsePositiveRate}), and, for a binary
 * summary whose scores were binned, {@code areaUnderROC}: positives ({@code label > 0.5}, as Spark counts them)
 * ranked against negatives, those sharing a bin counted half.
 */
final class ClassificationMetrics {
    private final Map<Double, Double> labelWeights = new TreeMap<>();
    private final Map<Double, Double> truePositives = new TreeMap<>();
    private final Map<Double, Double> falsePositivesByPrediction = new TreeMap<>();
    private final TreeMap<Long, double[]> bins = new TreeMap<>();
    private double total;

    /** {@code bin} is null when no score was binned. */
    void add(double label, double prediction, Long bin, double weight) {
        total += weight;
        labelWeights.merge(label, weight, Double::sum);
        if (label == prediction) {
            truePositives.merge(label, weight, Double::sum);
        } else {
            falsePositivesByPrediction.merge(prediction, weight, Double::sum);
        }
        if (bin != null) {
            bins.computeIfAbsent(bin, b -> new double[2])[label > 0.5 ? 0 : 1] += weight;
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
        Double auc = areaUnderRoc();
        if (auc != null) {
            out.put("areaUnderROC", auc);
        }
        return out;
    }

    private Double areaUnderRoc() {
        double positives = 0;
        double negatives = 0;
        for (double[] b : bins.values()) {
            positives += b[0];
            negatives += b[1];
        }
        if (positives == 0 || negatives == 0) {
            return null;
        }
        double area = 0;
        double positivesAbove = 0;
        for (double[] b : bins.descendingMap().values()) {
            area += b[1] * (positivesAbove + b[0] / 2);
            positivesAbove += b[0];
        }
        return area / (positives * negatives);
    }
}
