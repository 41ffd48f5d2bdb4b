package dev.autolog.agent.tooling;

import dev.autolog.hook.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The advice inlined into a {@code void} method whose work a {@link dev.autolog.hook.Replacement} may do instead:
 * when {@link Hooks#replaced} says it did, the method's own body is skipped; on any failure it runs as usual.
 */
public final class ReplacingHookAdvice {

    private ReplacingHookAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static boolean enter(@HookId String id,
                         @Advice.This(typing = Assigner.Typing.DYNAMIC) Object self,
                         @Advice.AllArguments(typing = Assigner.Typing.DYNAMIC) Object[] args) {
        return Hooks.replaced(id, self, args);
    }
}
