package dev.autolog.backend.mlflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.util.List;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * The server's certificate checked as {@link Tls} says, for both clients: {@link UrlConnections} and the OkHttp one,
 * which sends PATCH (the JDK's {@code HttpURLConnection} lacks it) and every request when the application changed the
 * JDK's connections for the whole JVM.
 */
final class HttpClients {

    private HttpClients() {
    }

    static OkHttpClient create(MlflowSettings settings) {
        long timeout = settings.timeout().toMillis();
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(timeout, TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                .writeTimeout(timeout, TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false)
                .socketFactory(new NoDelaySockets());
        Tls tls = settings.tls();
        if (settings.server().getScheme().equals("http")) {
            b.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        } else if (tls.insecure() || tls.serverCertPath() != null) {
            X509TrustManager trust = trustManager(tls);
            b.sslSocketFactory(sslContext(tls, trust).getSocketFactory(), trust);
            if (tls.insecure()) {
                b.hostnameVerifier((host, session) -> true);
            }
        }
        return b.build();
    }

    /** What {@code tls} trusts instead of the JVM's trust store (everything, or a CA bundle); null for the default. */
    static X509TrustManager trustManager(Tls tls) {
        return tls.insecure() ? new TrustAll() : tls.serverCertPath() != null ? bundle(tls.serverCertPath()) : null;
    }

    /** A TLS context trusting what {@code trust} does, the one {@link #trustManager} gives for {@code tls}. */
    static SSLContext sslContext(Tls tls, X509TrustManager trust) {
        String variable = tls.insecure() ? "MLFLOW_TRACKING_INSECURE_TLS" : "MLFLOW_TRACKING_SERVER_CERT_PATH";
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {trust}, new SecureRandom());
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up " + variable + ": " + e.getMessage(), e);
        }
    }

    /** A trust manager that trusts exactly the certificates of a PEM bundle (as MLflow's client does with it). */
    private static X509TrustManager bundle(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int n = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + n++, c);
            }
            if (n == 0) {
                throw new IllegalArgumentException("MLFLOW_TRACKING_SERVER_CERT_PATH " + pem
                        + " holds no certificate (accepted: PEM or DER X.509 certificates)");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return (X509TrustManager) tmf.getTrustManagers()[0];
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read MLFLOW_TRACKING_SERVER_CERT_PATH " + pem + ": " + e
                    + " (accepted: a file of PEM or DER X.509 certificates)", e);
        }
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
