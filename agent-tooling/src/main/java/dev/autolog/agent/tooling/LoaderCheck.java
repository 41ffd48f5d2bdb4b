package dev.autolog.agent.tooling;

import dev.autolog.logging.Diagnostics;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Applies an integration to a class loader only when {@link Integration#checkLoader} passes for it. The verdict
 * is cached per loader for all the integration's types, so a failing loader gives one warning.
 */
final class LoaderCheck {
    private static final Object BOOT = new Object();
    private final Integration integration;
    private final String[] packages;
    private final Map<Object, Boolean> verdicts = new WeakHashMap<>();

    LoaderCheck(Integration integration) {
        this.integration = integration;
        this.packages = integration.classNamePrefixes().stream().map(p -> p.replace('/', '.')).toArray(String[]::new);
    }

    /**
     * Checks a loader when it loads the first class of the integration's packages (so only loaders holding the
     * framework are ever checked, and an unsupported version is said even when none of its types would match),
     * then matches the type. An {@link TypeInstrumentation#anyPackage} instrumentation skips the package test.
     */
    AgentBuilder.RawMatcher forType(TypeInstrumentation instrumentation) {
        ElementMatcher<TypeDescription> typeMatcher = instrumentation.typeMatcher();
        boolean anyPackage = instrumentation.anyPackage();
        return (type, loader, module, redefined, domain) -> (anyPackage || inPackages(type.getName()))
                && passes(loader) && typeMatcher.matches(type);
    }

    private boolean inPackages(String typeName) {
        for (String p : packages) {
            if (typeName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private boolean passes(ClassLoader loader) {
        Object key = loader == null ? BOOT : loader;
        synchronized (verdicts) {
            return verdicts.computeIfAbsent(key, k -> check(loader));
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
