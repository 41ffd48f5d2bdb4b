package dev.autolog.backend.mlflow;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/** The OkHttp client for one server: the JVM's trust store unless MLFLOW_TRACKING_INSECURE_TLS is set. */
final class HttpClients {
    private HttpClients() {
    }

    static OkHttpClient create(MlflowSettings settings) {
        long timeout = settings.timeout().toMillis();
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(timeout, TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                .writeTimeout(timeout, TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false);
        if (settings.insecureTls()) {
            X509TrustManager trustAll = new TrustAll();
            try {
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, new TrustManager[] {trustAll}, new SecureRandom());
                b.sslSocketFactory(ssl.getSocketFactory(), trustAll).hostnameVerifier((host, session) -> true);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up MLFLOW_TRACKING_INSECURE_TLS: " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    /** What MLFLOW_TRACKING_INSECURE_TLS asks for: no certificate or host name checks. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
