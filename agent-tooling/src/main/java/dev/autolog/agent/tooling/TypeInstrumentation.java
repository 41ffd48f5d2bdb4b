package dev.autolog.agent.tooling;

import java.util.function.Consumer;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** The methods of one type (matched by name) and the hook each one runs. */
public interface TypeInstrumentation {

    ElementMatcher<TypeDescription> typeMatcher();

    void transform(HookTable hooks);

    /**
     * False (the usual) when only types under the integration's {@link Integration#classNamePrefixes} can match;
     * true when a type in any package can (subclasses of a framework's base class written by third parties), and
     * only classes holding one of the integration's {@link Integration#classFileMarkers} are looked at.
     */
    default boolean anyPackage() {
        return false;
    }

    /** The usual instrumentation, with no state of its own: the types to match and the hook table to apply. */
    static TypeInstrumentation of(ElementMatcher<TypeDescription> types, Consumer<HookTable> table) {
        return of(types, table, false);
    }

    /** Like {@link #of(ElementMatcher, Consumer)}, matching types in any package. */
    static TypeInstrumentation ofAnyPackage(ElementMatcher<TypeDescription> types, Consumer<HookTable> table) {
        return of(types, table, true);
    }

    private static TypeInstrumentation of(ElementMatcher<TypeDescription> types, Consumer<HookTable> table,
                                          boolean anyPackage) {
        return new TypeInstrumentation() {
            @Override
            public ElementMatcher<TypeDescription> typeMatcher() {
                return types;
            }

            @Override
            public void transform(HookTable hooks) {
                table.accept(hooks);
            }

            @Override
            public boolean anyPackage() {
                return anyPackage;
            }
        };
    }

    /** Reads like a table: method matcher → hook id. */
    interface HookTable {
        HookTable hook(ElementMatcher<? super MethodDescription> methods, String hookId);

        /**
         * For static methods: the hook gets the hooked {@link java.lang.reflect.Method} as {@code self}, and what
         * its {@code enter} stores into the argument array is passed on to the method.
         */
        HookTable hookStatic(ElementMatcher<? super MethodDescription> methods, String hookId);

        /** For constructors: the hook's {@code exit} runs when one returned normally, with the new object as self. */
        HookTable hookConstructor(ElementMatcher<? super MethodDescription> constructors, String hookId);

        /**
         * For {@code void} instance methods: the {@link dev.autolog.hook.Replacement} registered under
         * {@code replacementId} may do the method's work itself, and its body is then skipped.
         */
        HookTable replaceable(ElementMatcher<? super MethodDescription> methods, String replacementId);
    }
}
