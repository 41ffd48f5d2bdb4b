package dev.autolog.backend.mlflow.testserver;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What a request costs the fake server. {@link #FAST} is free: the in-process server answers as fast as the JDK
 * serves HTTP. {@link #REAL_SERVER} models {@code mlflow server} 2.9 (gunicorn, its default 4 workers, SQLite on
 * local disk): every request takes a fixed time (Flask, JSON, SQLAlchemy session) that workers spend in parallel,
 * and every write also holds the one SQLite write lock for a fixed time plus a time per entity (row) written, so
 * writes queue behind each other. Calibrated on the figure measured against a real 2.9.2 server on loopback:
 * 1000-point log-batch requests, four in flight, absorbed at 16,827 points/s, about 60 ms of locked work per request.
 * Costs are waited (parked), not burned, so the server does not take CPU from the client it measures.
 */
public record ServerCosts(Duration perRequest, Duration perWrite, Duration perEntity, int workers) {
    public static final ServerCosts FAST = new ServerCosts(Duration.ZERO, Duration.ZERO, Duration.ZERO, 4);
    public static final ServerCosts REAL_SERVER = new ServerCosts(Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofNanos(50_000), 4);

    /** The request's answer after its costs: {@code writeLock} is held for the write part. */
    <T> T serve(String method, String endpoint, byte[] body, ReentrantLock writeLock, Supplier<T> handler) {
        waitFor(perRequest.toNanos());
        if (!isWrite(method, endpoint) || (perWrite.isZero() && perEntity.isZero())) {
            return handler.get();
        }
        writeLock.lock();
        try {
            waitFor(perWrite.toNanos() + perEntity.toNanos() * entities(body));
            return handler.get();
        } finally {
            writeLock.unlock();
        }
    }

    /** Tracking writes go through SQLite; searches, reads and the artifact proxy (files on disk) do not. */
    static boolean isWrite(String method, String endpoint) {
        return method.equals("POST") && endpoint.startsWith("/api/2.0/mlflow/") && !endpoint.endsWith("/search");
    }

    /** Rows a request writes: each metric, param and tag is one object with a {@code "key"} field. */
    static int entities(byte[] body) {
        byte[] key = {'"', 'k', 'e', 'y', '"'};
        int n = 0;
        outer:
        for (int i = 0; i + key.length <= body.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (body[i + j] != key[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return Math.max(n, 1);
    }

    private static void waitFor(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !Thread.currentThread().isInterrupted();
             left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
