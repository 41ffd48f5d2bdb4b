package dev.autolog.backend.mlflow;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The Authorization header, as MLflow's own client builds it: Basic from {@code MLFLOW_TRACKING_USERNAME} and
 * {@code MLFLOW_TRACKING_PASSWORD} (or the tracking URI's user info), else Bearer {@code MLFLOW_TRACKING_TOKEN}.
 * The header is never printed: {@link #toString()} names only the scheme.
 */
final class Credentials {
    static final Credentials NONE = new Credentials(null, "none", List.of());

    private final String header;
    private final String kind;
    private final List<String> secrets;

    private Credentials(String header, String kind, List<String> secrets) {
        this.header = header;
        this.kind = kind;
        this.secrets = secrets;
    }

    static Credentials from(URI trackingUri, Map<String, String> env) {
        String user = nonBlank(env.get("MLFLOW_TRACKING_USERNAME"));
        String password = nonBlank(env.get("MLFLOW_TRACKING_PASSWORD"));
        String userInfo = trackingUri.getRawUserInfo();
        if ((user == null || password == null) && userInfo != null && userInfo.contains(":")) {
            int colon = userInfo.indexOf(':');
            user = URLDecoder.decode(userInfo.substring(0, colon), StandardCharsets.UTF_8);
            password = URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
        }
        if (user != null && password != null) {
            String encoded = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return new Credentials("Basic " + encoded, "basic", List.of(encoded, password));
        }
        String token = nonBlank(env.get("MLFLOW_TRACKING_TOKEN"));
        return token == null ? NONE : new Credentials("Bearer " + token, "bearer token", List.of(token));
    }

    /** What must never be shown: the header's value and the configured password or token. */
    List<String> secrets() {
        return secrets;
    }

    /** The header value, or null when there are no credentials. */
    String header() {
        return header;
    }

    @Override
    public String toString() {
        return kind;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
