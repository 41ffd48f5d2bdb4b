package dev.autolog.agent.tooling;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Applies {@link HookAdvice}, {@link StaticHookAdvice}, {@link ConstructorHookAdvice} or {@link ReplacingHookAdvice},
 * with each hook id bound as a constant, to the methods a type instrumentation names.
 */
final class AdviceTransformer implements AgentBuilder.Transformer, TypeInstrumentation.HookTable {
    private final List<AgentBuilder.Transformer.ForAdvice> advices = new ArrayList<>();

    static AdviceTransformer of(TypeInstrumentation instrumentation) {
        AdviceTransformer t = new AdviceTransformer();
        instrumentation.transform(t);
        return t;
    }

    @Override
    public TypeInstrumentation.HookTable hook(ElementMatcher<? super MethodDescription> methods, String hookId) {
        return add(methods, hookId, HookAdvice.class);
    }

    @Override
    public TypeInstrumentation.HookTable hookStatic(ElementMatcher<? super MethodDescription> methods,
                                                   String hookId) {
        return add(methods, hookId, StaticHookAdvice.class);
    }

    @Override
    public TypeInstrumentation.HookTable hookConstructor(ElementMatcher<? super MethodDescription> constructors,
                                                        String hookId) {
        return add(constructors, hookId, ConstructorHookAdvice.class);
    }

    @Override
    public TypeInstrumentation.HookTable replaceable(ElementMatcher<? super MethodDescription> methods,
                                                    String replacementId) {
        return add(methods, replacementId, ReplacingHookAdvice.class);
    }

    private TypeInstrumentation.HookTable add(ElementMatcher<? super MethodDescription> methods, String hookId,
                                              Class<?> adviceClass) {
        advices.add(new AgentBuilder.Transformer.ForAdvice(Advice.withCustomMapping().bind(HookId.class, hookId))
                .with(new LenientPoolStrategy())
                .include(adviceClass.getClassLoader())
                .advice(methods, adviceClass.getName()));
        return this;
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
                                            JavaModule module, ProtectionDomain domain) {
        for (AgentBuilder.Transformer.ForAdvice advice : advices) {
            builder = advice.transform(builder, type, loader, module, domain);
        }
        return builder;
    }
}
