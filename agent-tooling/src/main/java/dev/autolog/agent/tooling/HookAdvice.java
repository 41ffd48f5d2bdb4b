package dev.autolog.agent.tooling;

import dev.autolog.hook.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The advice inlined into every hooked framework method. Its body only calls {@link Hooks}, which is on the
 * bootstrap class path, so it resolves from whatever class loader the framework lives in.
 */
public final class HookAdvice {

    private HookAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@HookId String id,
                        @Advice.This(optional = true, typing = Assigner.Typing.DYNAMIC) Object self,
                        @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC) Object[] args) {
        return Hooks.enter(id, self, args);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    static void exit(@HookId String id,
                     @Advice.Enter Object state,
                     @Advice.This(optional = true, typing = Assigner.Typing.DYNAMIC) Object self,
                     @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC) Object[] args,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown Throwable thrown) {
        Hooks.exit(id, state, self, args, returned, thrown);
    }
}
