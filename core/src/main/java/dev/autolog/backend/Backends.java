package dev.autolog.backend;

import dev.autolog.config.AutologConfig;
import dev.autolog.logging.Diagnostics;
import dev.autolog.logging.TerminalText;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
            return unsupported(uri, ""); // MLflow's names for Databricks, not directories
        }
        Path local = localPath(uri);
        if (local != null) {
            return new LocalStore(local);
        }
        if (fileUriHost(uri) != null) {
            return unsupported(uri, "a file: URI with a host names a directory on another machine; ");
        }
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            Diagnostics.warn("tracking URI " + shown(uri) + " is not a valid URI (" + describe(e, uri)
                    + "); accepted: a directory path, a file: URI or http(s)://host:port; writing to ./mlruns");
            return new LocalStore(Paths.get("mlruns"));
        }
        for (BackendProvider p : providers()) {
            if (p.supports(parsed)) {
                try {
                    return p.create(parsed, config);
                } catch (Exception e) {
                    Diagnostics.warn("cannot use tracking URI " + shown(uri) + ": " + describe(e, uri)
                            + "; writing to ./mlruns");
                    return new LocalStore(Paths.get("mlruns"));
                }
            }
        }
        return unsupported(uri, "");
    }

    /** {@code why}: what is wrong with this URI, ending in "; ", or empty. */
    private static Backend unsupported(String uri, String why) {
        boolean servers = false;
        for (BackendProvider p : providers()) {
            servers |= p.supports(URI.create("http://localhost"));
        }
        Path instead = Paths.get("mlruns").toAbsolutePath();
        Diagnostics.warn("tracking URI " + shown(uri) + " is not supported (" + why
                + "accepted: a directory path, a file: URI"
                + (servers ? " or http(s)://host:port of an MLflow tracking server" : "") + "); runs go to " + instead
                + " instead");
        return new LocalStore(instead);
    }

    /** The URI with any {@code user:password@} replaced, for messages: credentials never reach stderr or logs. */
    public static String redacted(String uri) {
        return uri.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", "$1***@");
    }

    /** The URI as messages show it: credentials redacted, cut when long. */
    private static String shown(String uri) {
        return TerminalText.shortened(redacted(uri));
    }

    private static String describe(Exception e, String uri) {
        return TerminalText.shortened(String.valueOf(e.getMessage()).replace(uri, redacted(uri)));
    }

    /**
     * The directory for a path or {@code file:} URI on this machine; null when the URI names another scheme,
     * another machine ({@code file://host/path}) or no valid path. A {@code file:} URI is read as MLflow reads it:
     * percent escapes decoded ({@code file:./my%20runs}), spaces taken as they are, a query or fragment dropped. A
     * plain path's leading {@code ~/} is the user's home.
     */
    public static Path localPath(String uri) {
        try {
            if (uri.startsWith("file:")) {
                String host = fileUriHost(uri);
                return host == null || host.equalsIgnoreCase("localhost") ? fileUriPath(uri) : null;
            }
            int colon = uri.indexOf(':');
            boolean hasScheme = colon > 1 && uri.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
            return hasScheme ? null : Paths.get(homeExpanded(uri));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A leading {@code ~} or {@code ~/} as the user's home directory: a shell leaves it as it is after
     * {@code -Dautolog.tracking.uri=} or {@code --store=}, and a directory named {@code ~} in the working directory is
     * never what was meant.
     */
    private static String homeExpanded(String path) {
        return path.equals("~") || path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    /** The host of a {@code file://host/path} URI (empty for {@code file:///path}), else null. */
    private static String fileUriHost(String uri) {
        if (!uri.regionMatches(true, 0, "file://", 0, 7)) {
            return null;
        }
        int slash = uri.indexOf('/', 7);
        String host = slash < 0 ? uri.substring(7) : uri.substring(7, slash);
        return host.isEmpty() ? null : host;
    }

    /** The path of a {@code file:} URI on this machine, decoded; null when it has none. */
    private static Path fileUriPath(String uri) {
        String path = uri.substring("file:".length()).split("[?#]", 2)[0];
        if (path.startsWith("//")) {
            int slash = path.indexOf('/', 2);
            path = slash < 0 ? "" : path.substring(slash);
        }
        return path.isEmpty() ? null : Paths.get(percentDecoded(path));
    }

    /** {@code %xx} escapes as UTF-8 bytes, {@code +} kept; text with a malformed escape is taken as it is. */
    private static String percentDecoded(String path) {
        try {
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return path;
        }
    }

    private static Iterable<BackendProvider> providers() {
        List<BackendProvider> all = new CopyOnWriteArrayList<>(REGISTERED);
        ServiceLoader.load(BackendProvider.class, Thread.currentThread().getContextClassLoader()).forEach(all::add);
        return all;
    }
}
