package dev.autolog.agent.tooling;

import dev.autolog.logging.Diagnostics;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Matches a type by its matcher (names only), then applies the integration to the type's class loader only when
 * {@link Integration#checkLoader} passes for it. The name comes first so that only loaders holding the framework
 * are ever checked; the result is cached per loader per integration, and a failing loader gives one warning.
 */
final class LoaderCheck implements AgentBuilder.RawMatcher {
    private static final Object BOOT = new Object();
    private final Integration integration;
    private final ElementMatcher<TypeDescription> typeMatcher;
    private final Map<Object, Boolean> results = new WeakHashMap<>();

    LoaderCheck(Integration integration, ElementMatcher<TypeDescription> typeMatcher) {
        this.integration = integration;
        this.typeMatcher = typeMatcher;
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> redefined,
                           ProtectionDomain domain) {
        if (!typeMatcher.matches(type)) {
            return false;
        }
        Object key = loader == null ? BOOT : loader;
        synchronized (results) {
            Boolean ok = results.get(key);
            if (ok == null) {
                ok = check(loader);
                results.put(key, ok);
            }
            return ok;
        }
    }

    private boolean check(ClassLoader loader) {
        String problem;
        try {
            problem = integration.checkLoader(loader);
        } catch (RuntimeException | LinkageError e) {
            problem = e.toString();
        }
        if (problem != null) {
            Diagnostics.warn(integration.name() + " autologging skipped: " + problem);
            return false;
        }
        return true;
    }
}
