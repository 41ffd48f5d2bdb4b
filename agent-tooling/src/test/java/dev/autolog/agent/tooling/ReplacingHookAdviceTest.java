package dev.autolog.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autolog.hook.Hooks;
import dev.autolog.logging.Diagnostics;
import java.util.function.IntConsumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.Test;

/**
 * A method with {@link ReplacingHookAdvice}: its body is skipped exactly when the replacement says it did the work,
 * and runs as usual when the replacement declines or throws (the error counted, never thrown at the caller).
 */
class ReplacingHookAdviceTest {
    private static final String ID = "test.replaceable";

    /** Adds to a total; {@code accept} is the replaceable method. */
    public static class Total implements IntConsumer {
        public int sum;

        @Override
        public void accept(int value) {
            sum += value;
        }
    }

    @Test
    void theBodyIsSkippedOnlyWhenTheReplacementDidTheWork() throws Exception {
        Hooks.register(ID, (self, args) -> {
            int value = (Integer) args[0];
            if (value < 0) {
                throw new IllegalStateException("negative");
            }
            return value >= 100;
        });
        Class<?> type = new ByteBuddy().redefine(Total.class)
                .visit(Advice.withCustomMapping().bind(HookId.class, ID).to(ReplacingHookAdvice.class)
                        .on(named("accept")))
                .make().load(getClass().getClassLoader(), ClassLoadingStrategy.Default.CHILD_FIRST).getLoaded();
        IntConsumer total = (IntConsumer) type.getConstructor().newInstance();
        long errors = Diagnostics.hookErrors();

        total.accept(1);
        total.accept(100);
        total.accept(-5);
        total.accept(20);

        assertEquals(16, type.getDeclaredField("sum").getInt(total));
        assertEquals(errors + 1, Diagnostics.hookErrors());
    }
}
