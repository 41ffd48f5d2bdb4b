package dev.autolog.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.any;

import dev.autolog.config.AutologConfig;
import dev.autolog.logging.Diagnostics;
import dev.autolog.run.TrackingEngine;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/**
 * Called once by the agent's premain, inside the agent class loader: reads the configuration, starts the
 * engine and installs the instrumentation of every enabled integration.
 */
public final class AgentInstaller {
    /**
     * Keeps Byte Buddy from probing {@code sun.misc.Unsafe}, which JDK 24+ answers with a warning on the
     * application's stderr; set only while we install, so the application's own Byte Buddy is unaffected.
     */
    private static final String BYTE_BUDDY_SAFE = "net.bytebuddy.safe";

    private AgentInstaller() {
    }

    public static void install(Instrumentation inst, String agentArgs) {
        AutologConfig config = AutologConfig.load(agentArgs);
        TrackingEngine.install(config);
        if (!config.enabled()) {
            Diagnostics.debug("autolog.enabled=false: nothing instrumented");
            return;
        }
        String safe = System.getProperty(BYTE_BUDDY_SAFE);
        if (safe == null) {
            System.setProperty(BYTE_BUDDY_SAFE, "true");
        }
        try {
            installIntegrations(inst, config);
        } finally {
            if (safe == null) {
                System.clearProperty(BYTE_BUDDY_SAFE);
            }
        }
    }

    private static void installIntegrations(Instrumentation inst, AutologConfig config) {
        List<Integration> integrations = enabledIntegrations(config);
        AgentBuilder builder = baseBuilder();
        for (Integration integration : integrations) {
            integration.registerHooks();
            LoaderCheck check = new LoaderCheck(integration);
            for (TypeInstrumentation ti : integration.typeInstrumentations()) {
                builder = builder.type(check.forType(ti.typeMatcher()))
                        .transform(AdviceTransformer.of(ti));
            }
        }
        builder.installOn(inst);
        inst.addTransformer(new AnnotatedRunTransformer(baseBuilder()), false);
        Diagnostics.debug("installed integrations " + integrations.stream().map(Integration::name).toList());
    }

    static AgentBuilder baseBuilder() {
        return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                .with(new LenientPoolStrategy())
                .with(new ErrorListener())
                .ignore(any(), IgnoredTypes.loaders()).or(IgnoredTypes.matcher());
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
