package dev.autolog.integration.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names as XGBoost 3.0.4 printed them for a one-round training with each objective and no eval_metric. */
class XGBoostDefaultMetricTest {

    @Test
    void anEvalMetricGivenWinsOverTheObjectivesDefault() {
        assertEquals("auc", XGBoostDefaultMetric.of(Map.of("eval_metric", "auc", "objective", "binary:logistic")));
    }

    @Test
    void eachObjectiveNamesTheMetricXGBoostEvaluatesByDefault() {
        assertEquals("rmse", XGBoostDefaultMetric.of(Map.of("objective", "reg:squarederror")));
        assertEquals("logloss", XGBoostDefaultMetric.of(Map.of("objective", "binary:logistic")));
        assertEquals("mlogloss", XGBoostDefaultMetric.of(Map.of("objective", "multi:softprob")));
        assertEquals("gamma-deviance", XGBoostDefaultMetric.of(Map.of("objective", "reg:gamma")));
        assertEquals("error", XGBoostDefaultMetric.of(Map.of("objective", "binary:hinge")));
    }

    @Test
    void tweediesNameCarriesItsPowerAsXGBoostPrintsIt() {
        assertEquals("tweedie-nloglik@1.5", XGBoostDefaultMetric.of(Map.of("objective", "reg:tweedie")));
        assertEquals("tweedie-nloglik@1.1",
                XGBoostDefaultMetric.of(Map.of("objective", "reg:tweedie", "tweedie_variance_power", "1.10")));
        assertEquals("tweedie-nloglik@1.25",
                XGBoostDefaultMetric.of(Map.of("objective", "reg:tweedie", "tweedie_variance_power", "1.25")));
    }

    @Test
    void aRankingOrUnknownObjectiveKeepsTheNeutralName() {
        assertEquals("objective", XGBoostDefaultMetric.of(Map.of("objective", "rank:ndcg")));
        assertEquals("objective", XGBoostDefaultMetric.of(Map.of()));
    }
}
