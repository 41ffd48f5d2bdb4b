package dev.autolog.agent.tooling;

import dev.autolog.backend.BackendProvider;
import dev.autolog.backend.Backends;
import dev.autolog.config.AutologConfig;
import dev.autolog.logging.Diagnostics;
import dev.autolog.run.ManualApi;
import dev.autolog.run.TrackingEngine;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Called once by the agent's entry point, inside the agent class loader: reads the configuration, starts the
 * engine and sets up the instrumentation of every enabled integration.
 */
public final class AgentInstaller {

    private AgentInstaller() {
    }

    /**
     * From {@code premain} ({@code attachedLate} false) nothing is loaded yet, so a {@link LazyTransformer} waits
     * for the first framework class; from {@code agentmain} the frameworks may be loaded already, so Byte Buddy
     * starts at once and retransforms them.
     */
    public static void install(Instrumentation inst, String agentArgs, boolean attachedLate) {
        if (BootEngine.version() != null) {
            ManualApi.definedVersion(BootEngine.version());
        }
        AutologConfig config = AutologConfig.load(agentArgs);
        registerBackends();
        TrackingEngine.install(config);
        if (BootEngine.failure() != null) {
            Diagnostics.debug("the engine's classes could not be defined in the bootstrap loader ("
                    + BootEngine.failure() + "); its jar was appended to the bootstrap class path instead");
        }
        if (!config.enabled()) {
            Diagnostics.debug("autolog.enabled=false: nothing instrumented");
            return;
        }
        List<Integration> integrations = enabledIntegrations(config);
        List<String> triggers = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        for (Integration integration : integrations) {
            integration.registerHooks();
            triggers.addAll(integration.classNamePrefixes());
            markers.addAll(integration.classFileMarkers());
        }
        if (attachedLate) {
            ByteBuddySetup.safely(() -> {
                ByteBuddySetup.frameworks(integrations, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION).installOn(inst);
                return ByteBuddySetup.annotatedRuns(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION).installOn(inst);
            });
        } else {
            inst.addTransformer(new LazyTransformer(triggers, markers,
                    () -> ByteBuddySetup.frameworks(integrations, AgentBuilder.RedefinitionStrategy.DISABLED).makeRaw(),
                    () -> ByteBuddySetup.annotatedRuns(AgentBuilder.RedefinitionStrategy.DISABLED).makeRaw()), false);
        }
        Diagnostics.debug("integrations " + integrations.stream().map(Integration::name).toList()
                + (attachedLate ? " installed" : " waiting for their classes"));
    }

    /** Backends for other URI schemes (the MLflow server) live in this isolated loader, out of the engine's sight. */
    private static void registerBackends() {
        try {
            for (BackendProvider p : ServiceLoader.load(BackendProvider.class, AgentInstaller.class.getClassLoader())) {
                Backends.register(p);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            Diagnostics.warn("cannot load the tracking server backends (" + e + "); tracking URIs other than a"
                    + " directory fall back to ./mlruns");
        }
    }

    private static List<Integration> enabledIntegrations(AutologConfig config) {
        List<Integration> out = new ArrayList<>();
        for (Integration i : ServiceLoader.load(Integration.class, AgentInstaller.class.getClassLoader())) {
            if (config.integrationEnabled(i.name())) {
                out.add(i);
            } else {
                Diagnostics.debug("integration " + i.name() + " disabled by configuration");
            }
        }
        return out;
    }
}
