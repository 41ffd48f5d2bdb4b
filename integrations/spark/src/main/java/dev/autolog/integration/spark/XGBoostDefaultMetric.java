package dev.autolog.integration.spark;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The metric XGBoost evaluates when no {@code eval_metric} is given, by objective, as XGBoost 3.0 names it in its
 * own evaluation lines ({@code train-rmse}); an xgboost4j-spark summary holds the values without the name.
 * Ranking objectives are left out: their default ({@code ndcg@32}, …) depends on the ranking settings.
 */
final class XGBoostDefaultMetric {
    private static final Map<String, String> BY_OBJECTIVE = Map.ofEntries(
            Map.entry("reg:squarederror", "rmse"), Map.entry("reg:squaredlogerror", "rmsle"),
            Map.entry("reg:logistic", "rmse"), Map.entry("reg:pseudohubererror", "mphe"),
            Map.entry("reg:absoluteerror", "mae"), Map.entry("reg:quantileerror", "quantile"),
            Map.entry("count:poisson", "poisson-nloglik"), Map.entry("reg:gamma", "gamma-deviance"),
            Map.entry("binary:logistic", "logloss"), Map.entry("binary:logitraw", "logloss"),
            Map.entry("binary:hinge", "error"), Map.entry("multi:softmax", "mlogloss"),
            Map.entry("multi:softprob", "mlogloss"), Map.entry("survival:cox", "cox-nloglik"));
    private static final String TWEEDIE = "reg:tweedie";
    private static final String TWEEDIE_POWER = "tweedie_variance_power";

    private XGBoostDefaultMetric() {
    }

    /** The metric's name for a model's params: its {@code eval_metric}, else the objective's default, else "objective". */
    static String of(Map<String, String> params) {
        String set = params.get("eval_metric");
        if (set != null && !set.isBlank()) {
            return set;
        }
        String objective = params.getOrDefault("objective", "");
        if (objective.equals(TWEEDIE)) {
            return "tweedie-nloglik@" + power(params.getOrDefault(TWEEDIE_POWER, "1.5"));
        }
        return BY_OBJECTIVE.getOrDefault(objective, "objective");
    }

    /** As XGBoost prints the power: {@code 1.5}, {@code 2}. */
    private static String power(String text) {
        try {
            return new BigDecimal(Float.toString(Float.parseFloat(text))).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException notANumber) {
            return text;
        }
    }
}
