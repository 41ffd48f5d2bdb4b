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

    /**
     * Builds the client and looks the experiment up (a read-only request) on daemon threads, for the backend the
     * engine opens next: a JVM started with a tracking server means to track. Bad settings are left to {@link #create}
     * to report; a server that is down is only found out by the first run, as without this.
     */
    @Override
    public void prepare(URI trackingUri, AutologConfig config) {
        if (trackingUri.getHost() != null) {
            PreparedClient.prepare(trackingUri, config);
        }
    }

    @Override
    public Backend create(URI trackingUri, AutologConfig config) throws Exception {
        if (trackingUri.getHost() == null) {
            throw new IllegalArgumentException("no host in " + MlflowSettings.withoutUserInfo(trackingUri)
                    + " (expected e.g. http://mlflow.example.com:5000)");
        }
        return new MlflowBackend(PreparedClient.take(trackingUri, config), Backoff.standard(), Shipper.LINGER);
    }
}
