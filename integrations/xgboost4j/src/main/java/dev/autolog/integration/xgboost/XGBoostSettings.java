package dev.autolog.integration.xgboost;

import dev.autolog.run.TrackingEngine;

/** The XGBoost-specific switches of the configuration. */
final class XGBoostSettings {

    private XGBoostSettings() {
    }

    static boolean logFeatureImportance() {
        return TrackingEngine.get().config().xgboostLogFeatureImportance();
    }
}
