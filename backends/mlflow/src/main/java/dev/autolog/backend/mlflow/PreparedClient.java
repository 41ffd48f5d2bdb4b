package dev.autolog.backend.mlflow;

import dev.autolog.config.AutologConfig;
import dev.autolog.logging.Diagnostics;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client whose HTTP client is being built and experiment looked up ({@link MlflowClient#warmUp}). The agent starts
 * one before {@code main} ({@link #prepare}), on a daemon thread, for the backend the writer thread opens moments
 * later ({@link #take}): a fresh JVM takes longer to build OkHttp's client than an application to start its first run.
 */
record PreparedClient(MlflowSettings settings, String experiment, MlflowClient client,
                      Future<Optional<String>> lookup) {
    /** The one the agent prepared, for the tracking URI and the configuration object it was prepared from. */
    private record Pending(URI trackingUri, AutologConfig config, CompletableFuture<PreparedClient> client) {
    }

    private static final AtomicReference<Pending> PREPARED = new AtomicReference<>();

    /** A client for {@code settings} starting its warm-up now, with {@code experiment} (may be null) looked up. */
    static PreparedClient start(MlflowSettings settings, String experiment) {
        MlflowClient client = new MlflowClient(settings);
        return new PreparedClient(settings, experiment, client, client.warmUp(experiment));
    }

    /** Starts one in the background for {@link #take}; returns at once. */
    static void prepare(URI trackingUri, AutologConfig config) {
        Pending pending = new Pending(trackingUri, config, new CompletableFuture<>());
        if (!PREPARED.compareAndSet(null, pending)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                pending.client().complete(start(settings(trackingUri, config), config.experimentName()));
            } catch (Throwable e) { // never left incomplete: the backend's opening waits for it
                Diagnostics.debug("preparing the MLflow client: " + e); // the backend's own opening says what is wrong
                pending.client().complete(null);
            }
        }, "autolog-mlflow-prepare");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The prepared client if it was prepared from this URI and this very configuration object (the same settings),
     * else a new one ({@link #start}). A prepared client is taken once; one prepared for something else is closed.
     */
    static PreparedClient take(URI trackingUri, AutologConfig config) {
        Pending pending = PREPARED.getAndSet(null);
        PreparedClient prepared = pending == null ? null : pending.client().join();
        if (prepared != null && pending.trackingUri().equals(trackingUri) && pending.config() == config) {
            return prepared;
        }
        if (prepared != null) {
            prepared.client().close();
        }
        return start(settings(trackingUri, config), config.experimentName());
    }

    private static MlflowSettings settings(URI trackingUri, AutologConfig config) {
        return MlflowSettings.from(trackingUri, config, System.getenv());
    }
}
