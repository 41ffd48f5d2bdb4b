package dev.autolog.backend.mlflow;

import dev.autolog.logging.Diagnostics;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a server has MLflow 3's logged-models API, asked once per server and JVM: {@code logged-models/search}
 * for an experiment of ours answers 200 on MLflow 3 and an HTML 404 on MLflow 2 (never guessed from a version
 * string, which proxies and forks do not keep). Only a 200 counts as support; any other final answer keeps models
 * as run artifacts, which every server takes.
 */
final class LoggedModelSupport {
    private static final Map<String, Boolean> KNOWN = new ConcurrentHashMap<>();

    private LoggedModelSupport() {
    }

    /** Transient and authentication failures are thrown: nothing is remembered from them. */
    static boolean of(String server, ModelsApi api, String experimentId) throws IOException {
        Boolean known = KNOWN.get(server);
        if (known != null) {
            return known;
        }
        boolean supported;
        try {
            api.probe(experimentId);
            supported = true;
        } catch (MlflowError e) {
            if (e.isTransient() || e.isAuthFailure()) {
                throw e;
            }
            supported = false;
            Diagnostics.debug("the MLflow server " + server + " has no logged-models API (" + e.getMessage()
                    + "); models are sent as run artifacts");
        }
        KNOWN.put(server, supported);
        return supported;
    }

    /** {@code error} came from a logged-models endpoint: true when it says the server has no such API after all. */
    static boolean lostSupport(String server, MlflowError error) {
        if (error.isNotFound() && error.errorCode().isEmpty()) {
            KNOWN.put(server, false); // another server now answers at that address (e.g. an MLflow 2 again)
            return true;
        }
        return false;
    }

    /** Forgets what {@code server} answered: a test's next server may listen at the same address. */
    static void forget(String server) {
        KNOWN.remove(server);
    }
}
