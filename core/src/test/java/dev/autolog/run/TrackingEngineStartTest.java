package dev.autolog.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.config.AutologConfig;
import org.junit.jupiter.api.Test;

class TrackingEngineStartTest {

    private static AutologConfig tracking(String uri) {
        return AutologConfig.defaults().with("autolog.tracking.uri", uri);
    }

    @Test
    void aTrackingServerIsOpenedAtStartALocalStoreOrADisabledAgentNever() {
        assertTrue(TrackingEngine.opensBackendAtStart(tracking("http://mlflow.example.com:5000")));
        assertTrue(TrackingEngine.opensBackendAtStart(tracking("https://mlflow.example.com")));
        assertFalse(TrackingEngine.opensBackendAtStart(tracking("./mlruns")));
        assertFalse(TrackingEngine.opensBackendAtStart(tracking("/tmp/store")));
        assertFalse(TrackingEngine.opensBackendAtStart(tracking("file:///tmp/store")));
        // not a local store: the writer opens it at start, which says in one line where runs go instead
        assertTrue(TrackingEngine.opensBackendAtStart(tracking("file://host/x")));
        assertFalse(TrackingEngine.opensBackendAtStart(tracking("http://mlflow.example.com:5000")
                .with("autolog.enabled", "false")));
    }
}
