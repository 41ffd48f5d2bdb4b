package dev.autolog.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.named;

import java.util.List;
import java.util.function.Supplier;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/** The Byte Buddy agent builders: one for the integrations' framework types, one for {@code @AutologRun}. */
final class ByteBuddySetup {
    static final String AUTOLOG_RUN = "dev.autolog.AutologRun";
    /**
     * Keeps Byte Buddy from probing {@code sun.misc.Unsafe}, which JDK 24+ answers with a warning on the
     * application's stderr; set only while Byte Buddy initialises, so the application's own copy is unaffected.
     */
    private static final String BYTE_BUDDY_SAFE = "net.bytebuddy.safe";

    private ByteBuddySetup() {
    }

    static AgentBuilder frameworks(List<Integration> integrations, AgentBuilder.RedefinitionStrategy redefinition) {
        AgentBuilder builder = base(redefinition);
        for (Integration integration : integrations) {
            LoaderCheck check = new LoaderCheck(integration);
            for (TypeInstrumentation ti : integration.typeInstrumentations()) {
                builder = builder.type(check.forType(ti)).transform(AdviceTransformer.of(ti));
            }
        }
        return builder;
    }

    static AgentBuilder annotatedRuns(AgentBuilder.RedefinitionStrategy redefinition) {
        return base(redefinition)
                .type(declaresMethod(isAnnotatedWith(named(AUTOLOG_RUN))))
                .transform((builder, type, loader, module, domain) -> builder.visit(AnnotatedRunCode.WRAPPER));
    }

    private static AgentBuilder base(AgentBuilder.RedefinitionStrategy redefinition) {
        return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(redefinition)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                .with(new LenientPoolStrategy())
                .with(new ErrorListener())
                .ignore(any(), IgnoredTypes.loaders()).or(IgnoredTypes.matcher());
    }

    /** Runs Byte Buddy's set-up with its Unsafe probe turned off (unless the user chose otherwise). */
    static <T> T safely(Supplier<T> setUp) {
        String before = System.getProperty(BYTE_BUDDY_SAFE);
        if (before == null) {
            System.setProperty(BYTE_BUDDY_SAFE, "true");
        }
        try {
            return setUp.get();
        } finally {
            if (before == null) {
                System.clearProperty(BYTE_BUDDY_SAFE);
            }
        }
    }
}
