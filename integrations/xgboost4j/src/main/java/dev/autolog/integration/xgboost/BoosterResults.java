package dev.autolog.integration.xgboost;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.run.Training;
import dev.autolog.run.TrackingEngine;

/** What a trained Booster tells after {@code train} returns: early-stopping results, the model, importances. */
final class BoosterResults {

    private BoosterResults() {
    }

    static void log(Training training, Object booster, TrainHook.Rounds rounds, String version) throws Exception {
        if (rounds != null && rounds.earlyStopping) {
            Object best = Reflect.call(booster, "getAttr", "best_iteration");
            if (best != null) {
                training.metric("best_iteration", Integer.parseInt(best.toString()), 0);
            }
            if (rounds.lastIteration >= 0) {
                training.metric("stopped_iteration", rounds.lastIteration, 0);
            }
        }
        boolean importance = TrackingEngine.get().config().xgboostLogFeatureImportance();
        if (!training.logModels() && !importance) {
            return;
        }
        // serialised in memory here (a few ms) because the application may dispose of the Booster right after
        // train returns; everything else happens on the writer thread
        byte[] model = (byte[]) Reflect.call(booster, "toByteArray", "ubj");
        if (training.logModels()) {
            training.model(XGBoostModel.spec(model, version));
        }
        if (importance) {
            training.deferredArtifact("feature_importance_weight.json", () -> FeatureImportance.weightJson(model));
        }
    }
}
