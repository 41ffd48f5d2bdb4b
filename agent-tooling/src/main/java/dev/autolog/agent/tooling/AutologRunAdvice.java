package dev.autolog.agent.tooling;

import dev.autolog.hook.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into methods annotated {@code @AutologRun}: the method's execution is one run. */
public final class AutologRunAdvice {

    private AutologRunAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Origin Class<?> type, @Advice.Origin("#m") String name,
                        @Advice.Origin("#d") String descriptor) {
        return Hooks.enterAnnotatedRun(type, name, descriptor);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object run, @Advice.Thrown Throwable thrown) {
        Hooks.exitAnnotatedRun(run, thrown);
    }
}
