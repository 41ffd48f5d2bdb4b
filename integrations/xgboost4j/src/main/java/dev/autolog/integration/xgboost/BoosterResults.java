package dev.autolog.integration.xgboost;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.run.Training;
import dev.autolog.run.TrackingEngine;
import java.util.Map;
import java.util.function.Supplier;

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
        Supplier<Map<?, ?>> learner = new ParsedOnce(model);
        if (training.logModels()) {
            training.model(XGBoostModel.spec(model, version, learner));
        }
        if (importance) {
            training.deferredArtifact("feature_importance_weight.json", () -> FeatureImportance.weightJson(learner.get()));
        }
    }

    /** The model parsed on the writer thread at the first use, for the signature and the importance. */
    private static final class ParsedOnce implements Supplier<Map<?, ?>> {
        private final byte[] model;
        private Map<?, ?> learner;

        ParsedOnce(byte[] model) {
            this.model = model;
        }

        @Override
        public synchronized Map<?, ?> get() {
            if (learner == null) {
                learner = FeatureImportance.learner(model);
            }
            return learner;
        }
    }
}
