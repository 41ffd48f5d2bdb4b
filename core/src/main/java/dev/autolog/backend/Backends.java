package dev.autolog.backend;

import dev.autolog.config.AutologConfig;
import dev.autolog.logging.Diagnostics;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/** Chooses the backend by the tracking URI's scheme: a path or {@code file:} URI is the local store. */
public final class Backends {
    private static final List<BackendProvider> REGISTERED = new CopyOnWriteArrayList<>();
    private static final List<String> DATABRICKS = List.of("databricks", "databricks-uc");

    private Backends() {
    }

    /** Lets the agent add providers that live in its own class loader. */
    public static void register(BackendProvider provider) {
        REGISTERED.add(provider);
    }

    public static Backend create(AutologConfig config) {
        String uri = config.trackingUri();
        if (DATABRICKS.contains(uri.trim().toLowerCase(Locale.ROOT))) {
            return unsupported(uri); // MLflow's names for Databricks, not directories
        }
        Path local = localPath(uri);
        if (local != null) {
            return new LocalStore(local);
        }
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            Diagnostics.warn("tracking URI " + redacted(uri) + " is not a valid URI (" + describe(e, uri)
                    + "); accepted: a directory path, a file: URI or http(s)://host:port; writing to ./mlruns");
            return new LocalStore(Paths.get("mlruns"));
        }
        for (BackendProvider p : providers()) {
            if (p.supports(parsed)) {
                try {
                    return p.create(parsed, config);
                } catch (Exception e) {
                    Diagnostics.warn("cannot use tracking URI " + redacted(uri) + ": " + describe(e, uri)
                            + "; writing to ./mlruns");
                    return new LocalStore(Paths.get("mlruns"));
                }
            }
        }
        return unsupported(uri);
    }

    private static Backend unsupported(String uri) {
        boolean servers = false;
        for (BackendProvider p : providers()) {
            servers |= p.supports(URI.create("http://localhost"));
        }
        Path instead = Paths.get("mlruns").toAbsolutePath();
        Diagnostics.warn("tracking URI " + redacted(uri) + " is not supported (accepted: a directory path, a file: URI"
                + (servers ? " or http(s)://host:port of an MLflow tracking server" : "") + "); runs go to " + instead
                + " instead");
        return new LocalStore(instead);
    }

    /** The URI with any {@code user:password@} replaced, for messages: credentials never reach stderr or logs. */
    public static String redacted(String uri) {
        return uri.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", "$1***@");
    }

    private static String describe(Exception e, String uri) {
        return String.valueOf(e.getMessage()).replace(uri, redacted(uri));
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
