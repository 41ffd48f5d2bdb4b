package dev.autolog.agent.tooling;

import dev.autolog.hook.Hooks;
import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The advice inlined into hooked static methods. A static method has no {@code this} to tell the hook which
 * class and overload it is in (Smile's {@code fit} methods are static), so the hook gets the {@link Method}
 * instead; and the argument array the hook saw is written back, so a hook may hand the method a replacement
 * argument (an options record carrying a progress listener).
 */
public final class StaticHookAdvice {

    private StaticHookAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@HookId String id,
                        @Advice.Origin Method method,
                        @Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object[] args) {
        Object[] seen = args;
        Object state = Hooks.enter(id, method, seen);
        args = seen;
        return state;
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@HookId String id,
                     @Advice.Enter Object state,
                     @Advice.Origin Method method,
                     @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC) Object[] args,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown Throwable thrown) {
        Hooks.exit(id, state, method, args, returned, thrown);
    }
}
