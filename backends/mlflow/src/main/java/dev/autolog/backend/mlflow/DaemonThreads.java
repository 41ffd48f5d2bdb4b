package dev.autolog.backend.mlflow;

import java.util.concurrent.ThreadFactory;

/** The backend's pool threads: named, and daemons, so that none ever keeps the application's JVM alive. */
final class DaemonThreads {
    private DaemonThreads() {
    }

    static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
