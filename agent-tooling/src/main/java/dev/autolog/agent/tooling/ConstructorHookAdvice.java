package dev.autolog.agent.tooling;

import dev.autolog.hook.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The advice inlined into hooked constructors: only at their normal end, where the new object exists (a constructor
 * has no {@code this} before and cannot be wrapped in a handler for what it throws), see
 * {@link Hooks#constructed}.
 */
public final class ConstructorHookAdvice {

    private ConstructorHookAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@HookId String id,
                     @Advice.This(typing = Assigner.Typing.DYNAMIC) Object self,
                     @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC) Object[] args) {
        Hooks.constructed(id, self, args);
    }
}
