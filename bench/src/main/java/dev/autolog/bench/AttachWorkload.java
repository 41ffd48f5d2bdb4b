package dev.autolog.bench;

import dev.autolog.Autolog;
import java.util.Map;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A notebook session in one JVM: XGBoost trains once untracked (its classes are loaded), then {@code
 * Autolog.autolog()} attaches the agent and retransforms them. Prints the wall time of that call in ms.
 */
public final class AttachWorkload {

    public static void main(String[] args) throws XGBoostError {
        DMatrix train = TrainingWorkload.synthetic(500, 20, 1);
        XGBoost.train(train, Map.of("objective", "binary:logistic", "nthread", 1), 2, Map.of("train", train), null,
                null);
        long start = System.nanoTime();
        Autolog.autolog();
        System.out.println((System.nanoTime() - start) / 1e6);
    }
}
