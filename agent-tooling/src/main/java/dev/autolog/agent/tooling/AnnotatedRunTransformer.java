package dev.autolog.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.named;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Instruments methods annotated {@code @AutologRun}. Finding them needs a parsed class, which is too dear to do
 * for every class an application loads, so this transformer first looks for the annotation's name in the raw
 * class bytes (a class that uses the annotation has it in its constant pool) and hands only those classes to
 * Byte Buddy.
 */
final class AnnotatedRunTransformer implements ClassFileTransformer {
    static final String ANNOTATION = "dev.autolog.AutologRun";
    private static final byte[] MARKER = "Ldev/autolog/AutologRun;".getBytes(StandardCharsets.UTF_8);

    private final ClassFileTransformer delegate;

    AnnotatedRunTransformer(AgentBuilder base) {
        this.delegate = base
                .type(declaresMethod(isAnnotatedWith(named(ANNOTATION))))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .with(new LenientPoolStrategy())
                        .include(AutologRunAdvice.class.getClassLoader())
                        .advice(isAnnotatedWith(named(ANNOTATION)), AutologRunAdvice.class.getName()))
                .makeRaw();
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) throws IllegalClassFormatException {
        if (bytes == null || !contains(bytes, MARKER)) {
            return null;
        }
        return delegate.transform(module, loader, className, redefined, domain, bytes);
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
