package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autolog.backend.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricStatsTest {
    @Test
    void latestIsTheGreatestStepThenTimestampLikeMlflowAndBestFollowsTheMetricsDirection() {
        List<Metric> loss = List.of(new Metric("test-logloss", 0.5, 10, 0), new Metric("test-logloss", 0.2, 30, 2),
                new Metric("test-logloss", 0.3, 20, 1), new Metric("test-logloss", 0.4, 5, 2));
        MetricStats s = MetricStats.of("test-logloss", loss, null);
        assertEquals(0.2, s.latest());
        assertEquals(2, s.latestStep());
        assertEquals(0.2, s.best());
        assertEquals(4, s.count());
        List<Metric> auc = List.of(new Metric("valid-auc", 0.7, 1, 0), new Metric("valid-auc", 0.9, 2, 1),
                new Metric("valid-auc", 0.8, 3, 2));
        assertEquals(0.9, MetricStats.of("valid-auc", auc, null).best());
        assertEquals(0.8, MetricStats.of("valid-auc", auc, null).latest());
    }

    @Test
    void scoresAreBestHighestLossesAndErrorsLowestByTheTokensOfTheirNames() {
        for (String key : List.of("test-mcc", "auprc", "ev", "pre@5", "pre_at_k", "valid-ndcg@10", "map", "map@3",
                "test-auc", "accuracy", "f1", "f1_macro", "train-precision", "recall@5", "r2", "validation-aucpr",
                "areaUnderROC", "weightedFMeasure", "f1_score", "accuracy_score", "neg_mean_squared_error",
                "log_likelihood", "top5_accuracy")) {
            assertEquals(BestDirection.MAX, BestDirection.of(key), key);
        }
        for (String key : List.of("mape", "smape", "mae", "rmse", "mse", "logloss", "error", "loss", "score",
                "epoch_score", "best_score", "test-logloss", "train-error", "test_mae", "validation-mlogloss",
                "error@0.6", "test-error_rate", "mean_absolute_error", "poisson-nloglik", "hammingLoss",
                "heatmap", "mapper_time", "accuracy_loss", "rootMeanSquaredError", "weightedFalsePositiveRate")) {
            assertEquals(BestDirection.MIN, BestDirection.of(key), key);
        }
    }

    @Test
    void camelCaseAfterARunOfCapitalsSplitsBeforeTheLastCapitalAndKeepsIoUWhole() {
        assertEquals(List.of("top", "k", "accuracy"), BestDirection.tokens("TopKAccuracy"));
        assertEquals(List.of("train", "top", "k", "accuracy"), BestDirection.tokens("train_TopKAccuracy"));
        assertEquals(List.of("mean", "iou"), BestDirection.tokens("meanIoU"));
        assertEquals(List.of("m", "iou"), BestDirection.tokens("mIoU"));
        assertEquals(List.of("roc", "curve", "area"), BestDirection.tokens("ROCCurveArea"));
        assertEquals(List.of("area", "under", "roc"), BestDirection.tokens("areaUnderROC"));
        assertEquals(List.of("aucroc", "cat"), BestDirection.tokens("aucroc_cat"));
    }

    @Test
    void aucRocIouRatesKappaAndExplainedVarianceAreScoresFalseRatesAreLosses() {
        for (String key : List.of("aucroc", "AUCROC", "aucroc_cat", "aucroc_\u732b", "auroc", "roc_auc",
                "TopKAccuracy", "train_TopKAccuracy", "top_k_accuracy", "meanIoU", "mIoU", "miou", "tpr", "test_tpr",
                "tnr", "specificity", "sensitivity", "kappa", "cohen_kappa", "balanced_accuracy",
                "explained_variance", "test-explained_variance", "mrr")) {
            assertEquals(BestDirection.MAX, BestDirection.of(key), key);
        }
        for (String key : List.of("fpr", "fnr", "test_fpr", "wer", "cer", "brier", "val_loss", "train-logloss",
                "test-rmse", "MAE", "RMSE", "Loss", "train_Loss", "test_RMSE")) {
            assertEquals(BestDirection.MIN, BestDirection.of(key), key);
        }
        for (String key : List.of("mcc", "auprc", "ev", "pre@5", "pre_5", "pre_at_5", "ndcg", "ndcg@10", "map",
                "map@5", "auc", "validation_0-auc", "test_f1_macro", "Accuracy", "train_Accuracy",
                "train_Top_3_Accuracy")) {
            assertEquals(BestDirection.MAX, BestDirection.of(key), key);
        }
    }

    @Test
    void aLoneInfiniteValueIsItsBestAndOnlyAllNaNIsNaN() {
        assertEquals(Double.POSITIVE_INFINITY, MetricStats.of("loss", List.of(new Metric("loss",
                Double.POSITIVE_INFINITY, 1, 0)), null).best());
        assertEquals(Double.NEGATIVE_INFINITY, MetricStats.of("auc", List.of(new Metric("auc",
                Double.NEGATIVE_INFINITY, 1, 0), new Metric("auc", Double.NaN, 2, 1)), null).best());
        assertEquals(Double.NaN, MetricStats.of("loss", List.of(new Metric("loss", Double.NaN, 1, 0)), null).best());
    }

    @Test
    void aGivenDirectionOverridesTheName() {
        List<Metric> points = List.of(new Metric("test-logloss", 0.5, 1, 0), new Metric("test-logloss", 0.2, 2, 1));
        assertEquals(0.5, MetricStats.of("test-logloss", points, BestDirection.MAX).best());
        assertEquals(0.2, MetricStats.of("test-logloss", points, BestDirection.MIN).best());
        assertEquals(BestDirection.MAX, BestDirection.parse("max"));
        CliException e = assertThrows(CliException.class, () -> BestDirection.parse("up"));
        assertEquals("--best-direction must be max or min, not 'up'", e.getMessage());
    }

    @Test
    void formatsWithSixSignificantDigitsAndNoTrailingZeros() {
        assertEquals("0.25772", MetricStats.format(0.2577199935913086));
        assertEquals("10", MetricStats.format(10.0));
        assertEquals("1.5e-07", MetricStats.format(1.5e-7));
        assertEquals("NaN", MetricStats.format(Double.NaN));
    }
}
