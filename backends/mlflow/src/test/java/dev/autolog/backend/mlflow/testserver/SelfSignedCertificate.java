package dev.autolog.backend.mlflow.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A certificate for {@code localhost} and 127.0.0.1 signed by itself, made by the JDK's own {@code keytool} into a
 * PKCS12 file that serves both as the server's key store and as a client's trust store.
 */
public record SelfSignedCertificate(Path keyStore, String password) {

    public static SelfSignedCertificate create(Path dir) throws IOException, InterruptedException {
        SelfSignedCertificate cert = new SelfSignedCertificate(dir.resolve("localhost.p12"), "changeit");
        cert.keytool("-genkeypair", "-alias", "localhost", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keypass", cert.password);
        return cert;
    }

    /** The certificate as a PEM file, what MLFLOW_TRACKING_SERVER_CERT_PATH names. */
    public Path exportPem(Path file) throws IOException, InterruptedException {
        keytool("-exportcert", "-rfc", "-alias", "localhost", "-file", file.toString());
        return file;
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }

    /** What the server presents. */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, password.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        return ssl;
    }
}
