package dev.autolog.backend.mlflow;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The JDK's {@link HttpURLConnection}s to one server: its timeouts (the JDK has none for writing a body, so a
 * watchdog cuts a body the server takes nothing of for the timeout, and an answer that trickles in for longer than
 * it), its certificate checked as {@link Tls} says, no cache and never
 * the application's default {@link Authenticator}. Those in use are kept so that closing the backend can cut them;
 * the JDK keeps connections alive between requests.
 */
final class UrlConnections implements AutoCloseable {
    private static final Authenticator NONE = new Authenticator() {
    };

    /** A body is written in slices of this size, each one progress that holds off the watchdog. */
    private static final int WRITE_SLICE = 64 * 1024;
    private final MlflowSettings settings;
    private final Set<HttpURLConnection> inUse = ConcurrentHashMap.newKeySet();
    /** For https only, built at the first request: a plain-HTTP server never loads the TLS set-up. */
    private volatile SSLSocketFactory tls;
    /** Its one thread starts at the first request. */
    private final ScheduledThreadPoolExecutor watchdog =
            new ScheduledThreadPoolExecutor(1, DaemonThreads.named("autolog-mlflow-watchdog"));

    UrlConnections(MlflowSettings settings) {
        this.settings = settings;
        watchdog.setRemoveOnCancelPolicy(true);
    }

    /**
     * Whether the application changed how the JDK's connections behave for every one of them: a default cookie
     * handler of its own (which would then see and keep what the server sends) or its own handler of this server's
     * URLs; requests then go through OkHttp instead.
     */
    boolean shared() {
        if (CookieHandler.getDefault() != null) {
            return true;
        }
        try {
            URLConnection c = new URL(settings.server().toString()).openConnection(); // not connected
            return !c.getClass().getName().startsWith("sun.net.www.protocol.http");
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** A connection for one request, in use until {@link #release}. */
    HttpURLConnection open(String url, String method) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        c.setConnectTimeout(timeout);
        c.setReadTimeout(timeout);
        c.setUseCaches(false);
        c.setAuthenticator(NONE);
        c.setRequestMethod(method);
        if (c instanceof HttpsURLConnection https) {
            secure(https);
        }
        inUse.add(c);
        return c;
    }

    /**
     * The request body's stream of {@code c}: the connection is cut when the server takes none of it for the
     * timeout. Not when the whole body takes longer: a large model over a slow link would be cut at every attempt.
     */
    OutputStream writing(HttpURLConnection c) throws IOException {
        Cut stall = cutLater(c::disconnect);
        try {
            return new FilterOutputStream(c.getOutputStream()) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    for (int done = 0; done < len; ) {
                        int slice = Math.min(len - done, WRITE_SLICE);
                        out.write(b, off + done, slice);
                        stall.progress();
                        done += slice;
                    }
                }

                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        stall.stop();
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            stall.stop();
            throw e;
        }
    }

    /**
     * Cuts a request once no {@link #progress} was made for the timeout (from its start when none is ever made: a
     * deadline for the whole answer, as the read timeout alone lets a server that sends a byte now and then hold it
     * for ever), unless stopped first.
     */
    final class Cut implements Runnable {
        private final Runnable action;
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean stopped;
        private volatile boolean fired;
        private volatile ScheduledFuture<?> next;

        private Cut(Runnable action) {
            this.action = action;
            next = watchdog.schedule(this, settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        }

        void progress() {
            lastProgress = System.nanoTime();
        }

        void stop() {
            stopped = true;
            next.cancel(false);
        }

        /** Whether it cut the request: set before the cut, so a failure the cut caused always sees it. */
        boolean fired() {
            return fired;
        }

        @Override
        public void run() {
            if (stopped) {
                return;
            }
            long left = settings.timeout().toNanos() - (System.nanoTime() - lastProgress);
            if (left > 0) {
                next = watchdog.schedule(this, left, TimeUnit.NANOSECONDS);
                return;
            }
            fired = true;
            action.run();
        }
    }

    /** A {@link Cut} of a request by {@code action}, counting from now. */
    Cut cutLater(Runnable action) {
        return new Cut(action);
    }

    void release(HttpURLConnection c) {
        inUse.remove(c);
    }

    /** Cuts the requests in flight: each fails at once instead of waiting for a slow server. */
    void cancelAll() {
        for (HttpURLConnection c : inUse) {
            c.disconnect();
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    private void secure(HttpsURLConnection c) {
        Tls t = settings.tls();
        if (t.insecure()) {
            c.setHostnameVerifier((host, session) -> true);
        }
        if (t.insecure() || t.serverCertPath() != null) {
            SSLSocketFactory f = tls;
            if (f == null) {
                f = HttpClients.sslContext(t, HttpClients.trustManager(t)).getSocketFactory();
                tls = f;
            }
            c.setSSLSocketFactory(f);
        }
    }
}
