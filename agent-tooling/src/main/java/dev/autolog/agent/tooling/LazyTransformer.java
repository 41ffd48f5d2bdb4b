package dev.autolog.agent.tooling;

import dev.autolog.logging.Diagnostics;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one transformer {@code premain} registers. Most classes an application loads are none of our business, and
 * Byte Buddy costs hundreds of milliseconds to start, so this looks at each class by name (the integrations'
 * package prefixes, or the markers in the raw bytes of classes that third parties write, e.g. subclasses of a
 * framework's estimator) or, for {@code @AutologRun}, by the annotation's descriptor in the raw bytes, and starts
 * Byte Buddy only when the first such class appears. A JVM that trains nothing never loads Byte Buddy.
 */
final class LazyTransformer implements ClassFileTransformer {
    private static final byte[] MARKER = "Ldev/autolog/AutologRun;".getBytes(StandardCharsets.UTF_8);

    private final String[] triggers;
    private final byte[][] markers;
    private final Lazy frameworks;
    private final Lazy annotatedRuns;

    LazyTransformer(List<String> triggerPrefixes, List<String> classFileMarkers,
                    Supplier<ClassFileTransformer> frameworks, Supplier<ClassFileTransformer> annotatedRuns) {
        this.triggers = triggerPrefixes.toArray(new String[0]);
        this.markers = classFileMarkers.stream().map(m -> m.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        this.frameworks = new Lazy(frameworks);
        this.annotatedRuns = new Lazy(annotatedRuns);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) throws IllegalClassFormatException {
        if (className == null || bytes == null) {
            return null;
        }
        if (isFrameworkClass(className, bytes)) {
            return frameworks.get().transform(module, loader, className, redefined, domain, bytes);
        }
        if (contains(bytes, MARKER)) {
            return annotatedRuns.get().transform(module, loader, className, redefined, domain, bytes);
        }
        return null;
    }

    private boolean isFrameworkClass(String className, byte[] bytes) {
        for (String prefix : triggers) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        for (byte[] marker : markers) {
            if (contains(bytes, marker)) {
                return true;
            }
        }
        return false;
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

    /**
     * Builds its transformer once, on first use, from whichever thread gets there first. If building fails (the
     * JVM would swallow the exception and ask again for every class) it is said once and nothing is instrumented.
     */
    private static final class Lazy {
        private static final ClassFileTransformer NOTHING = new ClassFileTransformer() {
        };
        private final Supplier<ClassFileTransformer> factory;
        private volatile ClassFileTransformer value;

        Lazy(Supplier<ClassFileTransformer> factory) {
            this.factory = factory;
        }

        ClassFileTransformer get() {
            ClassFileTransformer v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        try {
                            v = ByteBuddySetup.safely(factory);
                        } catch (RuntimeException | LinkageError e) {
                            Diagnostics.instrumentationError("(agent set-up)", e);
                            v = NOTHING;
                        }
                        value = v;
                    }
                }
            }
            return v;
        }
    }
}
