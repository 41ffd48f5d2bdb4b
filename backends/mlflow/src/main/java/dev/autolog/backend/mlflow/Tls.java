package dev.autolog.backend.mlflow;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * How the server's certificate is checked, from MLflow's own variables: the JVM's trust store by default,
 * {@code MLFLOW_TRACKING_SERVER_CERT_PATH} (a PEM CA bundle, trusted instead), or no check at all with
 * {@code MLFLOW_TRACKING_INSECURE_TLS=true}.
 */
record Tls(boolean insecure, Path serverCertPath) {
    static final Tls DEFAULT = new Tls(false, null);
    static final Tls INSECURE = new Tls(true, null);

    static Tls from(Map<String, String> env) {
        String certs = env.get("MLFLOW_TRACKING_SERVER_CERT_PATH");
        return new Tls(MlflowSettings.isTrue(env.get("MLFLOW_TRACKING_INSECURE_TLS")),
                certs == null || certs.isBlank() ? null : Paths.get(certs.trim()));
    }
}
