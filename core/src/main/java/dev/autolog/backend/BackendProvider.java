package dev.autolog.backend;

import dev.autolog.config.AutologConfig;
import java.net.URI;

/**
 * Creates a backend for the tracking URIs it understands. Providers are found with {@link java.util.ServiceLoader}
 * and may also be registered by the agent ({@link Backends#register}).
 */
public interface BackendProvider {

    /** True when this provider handles the URI's scheme, e.g. {@code http}. */
    boolean supports(URI trackingUri);

    Backend create(URI trackingUri, AutologConfig config) throws Exception;
}
