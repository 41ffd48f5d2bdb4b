package dev.autolog.backend.mlflow;

import java.io.IOException;
import java.io.InputStream;
import java.net.IDN;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/** The OkHttp client for one server, checking its certificate as {@link Tls} says. */
final class HttpClients {
    /** Kotlin's collection and string facades, which building the client needs (the arrays one is 670 KB). */
    private static final List<String> KOTLIN_FACADES = List.of("kotlin.collections.ArraysKt",
            "kotlin.collections.CollectionsKt", "kotlin.text.StringsKt");
    /**
     * OkHttp's platform, which its first call needs last but which takes longest: it instantiates every security
     * provider the JDK has to pick one (~100 ms in a fresh JVM, which the first call waited for when it was set up
     * after the facades).
     */
    private static final String PLATFORM = "okhttp3.internal.platform.Platform";
    /**
     * What OkHttp 4's first call needs that a fresh JVM takes longest to load, which {@link #preloadPlatform()} and
     * {@link #preloadLibraries()} move off the thread building the client.
     */
    static final List<String> SLOW_TO_LOAD = Stream.concat(KOTLIN_FACADES.stream(), Stream.of(PLATFORM)).toList();

    private HttpClients() {
    }

    /** Sets up OkHttp's platform, for a helper thread from the moment the client starts being built. */
    static void preloadPlatform() {
        load(PLATFORM);
    }

    /**
     * Loads Kotlin's facades, then the JDK parts of the first call ({@link #preloadJdkParts()}), for a second helper
     * thread; the class loader lets all threads load at once.
     */
    static void preloadLibraries() {
        KOTLIN_FACADES.forEach(HttpClients::load);
        preloadJdkParts();
    }

    /** A class a later OkHttp no longer has is skipped: the first call loads what it needs anyway. */
    private static void load(String name) {
        try {
            Class.forName(name, true, HttpClients.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            // not needed or not loadable here: the client's own first use says what is wrong, if anything
        }
    }

    /**
     * The JDK parts OkHttp's first call starts: the IDN tables (ICU data) its URL parser loads for every host name,
     * and java.util.logging, which its task runner's logger sets up.
     */
    private static void preloadJdkParts() {
        try {
            IDN.toASCII("localhost");
            Logger.getLogger("okhttp3.internal.concurrent.TaskRunner"); // the name OkHttp itself asks for
        } catch (RuntimeException e) {
            // the first call does it itself and says what is wrong, if anything
        }
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
            // no TLS set-up (trust store, SSL context) for a plain-HTTP server: a cold JVM's first request waits for it
            b.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        } else if (tls.insecure()) {
            trust(b, new TrustAll(), "MLFLOW_TRACKING_INSECURE_TLS");
            b.hostnameVerifier((host, session) -> true);
        } else if (tls.serverCertPath() != null) {
            trust(b, bundle(tls.serverCertPath()), "MLFLOW_TRACKING_SERVER_CERT_PATH");
        }
        return b.build();
    }

    private static void trust(OkHttpClient.Builder b, X509TrustManager trust, String variable) {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {trust}, new SecureRandom());
            b.sslSocketFactory(ssl.getSocketFactory(), trust);
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
