package dev.autolog.backend.mlflow;

import dev.autolog.backend.Backend;
import dev.autolog.backend.BackendProvider;
import dev.autolog.config.AutologConfig;
import java.net.URI;
import java.util.Locale;

/** {@code http://} and {@code https://} tracking URIs: an MLflow tracking server. */
public final class MlflowBackendProvider implements BackendProvider {

    @Override
    public boolean supports(URI trackingUri) {
        String scheme = trackingUri.getScheme();
        return scheme != null && (scheme.toLowerCase(Locale.ROOT).equals("http")
                || scheme.toLowerCase(Locale.ROOT).equals("https"));
    }

    @Override
    public Backend create(URI trackingUri, AutologConfig config) throws Exception {
        if (trackingUri.getHost() == null) {
            throw new IllegalArgumentException("no host in " + MlflowSettings.withoutUserInfo(trackingUri)
                    + " (expected e.g. http://mlflow.example.com:5000)");
        }
        return new MlflowBackend(MlflowSettings.from(trackingUri, config, System.getenv()), Backoff.standard(),
                config.experimentName(), Shipper.LINGER);
    }
}
