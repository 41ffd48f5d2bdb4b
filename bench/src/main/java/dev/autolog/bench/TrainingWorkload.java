package dev.autolog.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * XGBoost trainings in one JVM: two to warm up (the JIT, and with the agent Byte Buddy's start), then the median
 * wall time in ms of three more, each a whole {@code XGBoost.train} call (with the agent: a whole tracked run).
 */
public final class TrainingWorkload {

    public static void main(String[] args) throws XGBoostError {
        int rows = 5000;
        int features = 20;
        DMatrix train = synthetic(rows, features, 1);
        DMatrix validation = synthetic(rows / 4, features, 2);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic");
        params.put("max_depth", 6);
        params.put("eta", 0.1);
        params.put("eval_metric", "logloss");
        params.put("nthread", 1);
        params.put("seed", 7);
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", train);
        watches.put("validation", validation);
        double[] millis = new double[5];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            XGBoost.train(train, params, 200, watches, null, null);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        double[] measured = java.util.Arrays.copyOfRange(millis, 2, 5);
        java.util.Arrays.sort(measured);
        System.out.println(measured[1]);
    }

    static DMatrix synthetic(int rows, int features, long seed) throws XGBoostError {
        Random r = new Random(seed);
        float[] x = new float[rows * features];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (float) r.nextGaussian();
                s += j % 3 == 0 ? x[i * features + j] : 0;
            }
            y[i] = (s > 0) ^ (r.nextDouble() < 0.1) ? 1 : 0;
        }
        DMatrix m = new DMatrix(x, rows, features, Float.NaN);
        m.setLabel(y);
        return m;
    }
}
