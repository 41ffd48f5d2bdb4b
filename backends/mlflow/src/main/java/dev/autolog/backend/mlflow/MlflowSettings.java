package dev.autolog.backend.mlflow;

import dev.autolog.config.AutologConfig;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how to reach one MLflow tracking server. {@link #server()} is the tracking URI without user info, the
 * only form that ever appears in messages.
 */
record MlflowSettings(URI server, Credentials credentials, Tls tls, Duration timeout, Path spoolDir,
                      Duration flushTimeout) {

    static MlflowSettings from(URI trackingUri, AutologConfig config, Map<String, String> env) {
        return new MlflowSettings(withoutUserInfo(trackingUri), Credentials.from(trackingUri, env),
                Tls.from(env), config.mlflowTimeout(),
                Paths.get(config.mlflowSpoolDir()), config.flushTimeout());
    }

    static URI withoutUserInfo(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + port + path);
    }

    static boolean isTrue(String s) {
        return s != null && (s.trim().equalsIgnoreCase("true") || s.trim().equals("1"));
    }
}
