package dev.autolog.backend;

import dev.autolog.config.AutologConfig;
import dev.autolog.logging.Diagnostics;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/** Chooses the backend by the tracking URI's scheme: a path or {@code file:} URI is the local store. */
public final class Backends {
    private static final List<BackendProvider> REGISTERED = new CopyOnWriteArrayList<>();

    private Backends() {
    }

    /** Lets the agent add providers that live in its own class loader. */
    public static void register(BackendProvider provider) {
        REGISTERED.add(provider);
    }

    public static Backend create(AutologConfig config) {
        String uri = config.trackingUri();
        Path local = localPath(uri);
        if (local != null) {
            return new LocalStore(local);
        }
        URI parsed = URI.create(uri);
        for (BackendProvider p : providers()) {
            if (p.supports(parsed)) {
                try {
                    return p.create(parsed, config);
                } catch (Exception e) {
                    Diagnostics.warn("cannot use tracking URI " + uri + ": " + e.getMessage() + "; writing to ./mlruns");
                    return new LocalStore(Paths.get("mlruns"));
                }
            }
        }
        Diagnostics.warn("unsupported tracking URI " + uri + " (accepted: a directory path or a file: URI"
                + (REGISTERED.isEmpty() ? "" : ", or a scheme of a registered backend") + "); writing to ./mlruns");
        return new LocalStore(Paths.get("mlruns"));
    }

    /** The directory for a path or {@code file:} URI, or null when the URI names another scheme. */
    public static Path localPath(String uri) {
        if (uri.startsWith("file://")) {
            return Paths.get(URI.create(uri));
        }
        if (uri.startsWith("file:")) {
            return Paths.get(uri.substring("file:".length()));
        }
        int colon = uri.indexOf(':');
        boolean hasScheme = colon > 1 && uri.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
        return hasScheme ? null : Paths.get(uri);
    }

    private static Iterable<BackendProvider> providers() {
        List<BackendProvider> all = new CopyOnWriteArrayList<>(REGISTERED);
        ServiceLoader.load(BackendProvider.class, Thread.currentThread().getContextClassLoader()).forEach(all::add);
        return all;
    }
}
