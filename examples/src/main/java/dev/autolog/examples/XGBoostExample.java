package dev.autolog.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * An ordinary XGBoost4J training with early stopping. It has no autolog code: run it with
 * {@code -javaagent:agent/target/autolog-agent.jar} and the training becomes a run in ./mlruns.
 */
public final class XGBoostExample {

    public static void main(String[] args) throws XGBoostError {
        DMatrix train = synthetic(1000, 1);
        DMatrix validation = synthetic(300, 2);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic");
        params.put("max_depth", 4);
        params.put("eta", 0.1);
        params.put("eval_metric", "logloss");
        params.put("seed", 42);
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", train);
        watches.put("validation", validation);

        Booster booster = XGBoost.train(train, params, 200, watches, null, null, null, 10);

        System.out.println("trained; best iteration " + booster.getAttr("best_iteration"));
    }

    /** Eight features; the label depends on three of them, with 10% label noise. */
    private static DMatrix synthetic(int rows, long seed) throws XGBoostError {
        int features = 8;
        Random random = new Random(seed);
        float[] x = new float[rows * features];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (float) random.nextGaussian();
            }
            double score = x[i * features] + 0.5 * x[i * features + 1] - x[i * features + 2];
            y[i] = (score > 0) ^ (random.nextDouble() < 0.1) ? 1 : 0;
        }
        DMatrix m = new DMatrix(x, rows, features, Float.NaN);
        m.setLabel(y);
        return m;
    }
}
