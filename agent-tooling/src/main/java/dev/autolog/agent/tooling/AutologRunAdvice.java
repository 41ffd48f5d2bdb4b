package dev.autolog.agent.tooling;

import dev.autolog.hook.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into methods annotated {@code @AutologRun}: the outermost execution is one run. A recursive method's
 * frames must grow as little as possible: two constants in, one local out, no copies of the arguments (the exit
 * reads none), and a re-entered call skips the exit call.
 */
public final class AutologRunAdvice {

    private AutologRunAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Origin Class<?> type, @Advice.Origin("#m#d") String method) {
        return Hooks.enterAnnotatedRun(type, method);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, backupArguments = false)
    static void exit(@Advice.Enter Object run, @Advice.Thrown Throwable thrown) {
        if (run != null) {
            Hooks.exitAnnotatedRun(run, thrown);
        }
    }
}
