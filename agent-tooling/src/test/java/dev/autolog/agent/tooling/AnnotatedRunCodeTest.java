package dev.autolog.agent.tooling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.Autolog;
import dev.autolog.AutologRun;
import dev.autolog.RunStatus;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.RunInfo;
import dev.autolog.config.AutologConfig;
import dev.autolog.run.TrackingEngine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.loading.ByteArrayClassLoader;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The code {@link AnnotatedRunCode} writes around {@code @AutologRun} methods of many shapes: the class verifies and
 * loads, every method answers and throws exactly as the original does, each outermost call is one run with the
 * status it earned, and each method has exactly one local more than before.
 */
class AnnotatedRunCodeTest {
    private static Path store;

    /** Methods of many shapes: parameter and return types, locals, loops, handlers of their own, throws, monitors. */
    public static class Shapes {
        public int calls;

        @AutologRun("loop")
        public static long loopFirst(long n, double scale) {
            long sum = 0;
            while (n > 0) {
                sum += (long) (n * scale);
                n--;
            }
            return sum;
        }

        @AutologRun("locals")
        public String locals(int a, String b, long c) {
            String x = b + a;
            long y = c * 2;
            double z = y / 3.0;
            try {
                Integer.parseInt(b);
            } catch (NumberFormatException e) {
                x = x + "!" + e.getMessage().length();
            }
            return x + y + z;
        }

        @AutologRun("throws")
        public static double fails(double d) {
            if (d > 0) {
                throw new IllegalStateException("boom " + d);
            }
            return d;
        }

        @AutologRun("void")
        public synchronized void squares(int[] into) {
            for (int i = 0; i < into.length; i++) {
                into[i] = i * i;
            }
            calls++;
        }

        @AutologRun("array")
        public static int[] array(int n) {
            return n < 0 ? null : new int[n];
        }

        @AutologRun("float")
        public static float half(float f) {
            return f / 2;
        }

        @AutologRun("fib")
        public static int fib(int n) {
            return n < 2 ? n : fib(n - 1) + fib(n - 2);
        }
    }

    private static final Set<String> SHAPE_RUNS = Set.of("loop", "locals", "throws", "void", "array", "float", "fib");

    /**
     * Methods that stand in for another under the same run name, as compilers write them: a static forwarder to the
     * same method of another class (Kotlin's {@code @JvmStatic} in a companion, Scala's object forwarders), an
     * overload that fills in a default (Groovy's default arguments), an override calling {@code super}.
     */
    public static class StandIns {
        public static final Companion COMPANION = new Companion();

        @AutologRun("forwarded")
        public static int create(int n) {
            return COMPANION.create(n);
        }

        @AutologRun("defaulted")
        public long train(int epochs) {
            return train(epochs, 0.5);
        }

        @AutologRun("defaulted")
        public long train(int epochs, double rate) {
            return (long) (epochs * rate * 10);
        }

        @AutologRun("outer")
        public long outer() {
            return train(4) + new Refined().fit(1);
        }

        public static class Companion {
            @AutologRun("forwarded")
            public int create(int n) {
                return n + 1;
            }
        }

        public static class Base {
            @AutologRun("fitted")
            public int fit(int n) {
                return n * 3;
            }
        }

        public static class Refined extends Base {
            @AutologRun("fitted")
            @Override
            public int fit(int n) {
                return super.fit(n) + 1;
            }
        }
    }

    @BeforeAll
    static void engineWritesToATemporaryStore() throws Exception {
        store = Files.createTempDirectory("autolog-annotated-code").resolve("mlruns");
        TrackingEngine.install(AutologConfig.defaults().with("autolog.tracking.uri", store.toString()));
    }

    @Test
    void everyShapeAnswersAsTheOriginalAndEachOutermostCallIsOneRun() throws Throwable {
        byte[] original = ClassFileLocator.ForClassLoader.read(Shapes.class);
        byte[] rewritten = new ByteBuddy().redefine(Shapes.class).visit(AnnotatedRunCode.WRAPPER).make().getBytes();
        Class<?> type = new ByteBuddy().redefine(Shapes.class).visit(AnnotatedRunCode.WRAPPER).make()
                .load(getClass().getClassLoader(), ClassLoadingStrategy.Default.CHILD_FIRST).getLoaded();
        Object shapes = type.getConstructor().newInstance();
        Shapes plain = new Shapes();

        assertEquals(Shapes.loopFirst(1000, 0.75), call(type, null, "loopFirst", 1000L, 0.75));
        assertEquals(plain.locals(7, "x", 21), call(type, shapes, "locals", 7, "x", 21L));
        assertEquals(plain.locals(7, "12", 21), call(type, shapes, "locals", 7, "12", 21L));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> call(type, null, "fails", 2.5));
        assertEquals("boom 2.5", thrown.getMessage());
        assertEquals(-1.0, call(type, null, "fails", -1.0));
        int[] squares = new int[5];
        call(type, shapes, "squares", (Object) squares);
        assertArrayEquals(new int[] {0, 1, 4, 9, 16}, squares);
        assertEquals(1, type.getField("calls").getInt(shapes));
        assertEquals(3, ((int[]) call(type, null, "array", 3)).length);
        assertEquals(null, call(type, null, "array", -1));
        assertEquals(1.25f, call(type, null, "half", 2.5f));
        assertEquals(Shapes.fib(12), call(type, null, "fib", 12));

        Map<String, Integer> before = maxLocals(original);
        Map<String, Integer> after = maxLocals(rewritten);
        for (String method : List.of("loopFirst", "locals", "fails", "squares", "array", "half", "fib")) {
            assertEquals(before.get(method) + 1, after.get(method), method);
        }
        assertTrue(Autolog.flush());
        Map<String, List<RunStatus>> runs = new LocalStoreReader(store).runs("0").stream()
                .filter(run -> SHAPE_RUNS.contains(run.runName())).collect(Collectors.groupingBy(RunInfo::runName,
                        Collectors.mapping(RunInfo::status, Collectors.toList())));
        assertEquals(Map.of("loop", List.of(RunStatus.FINISHED), "locals", List.of(RunStatus.FINISHED,
                RunStatus.FINISHED), "throws", List.of(RunStatus.FINISHED, RunStatus.FAILED), "void",
                List.of(RunStatus.FINISHED), "array", List.of(RunStatus.FINISHED, RunStatus.FINISHED), "float",
                List.of(RunStatus.FINISHED), "fib", List.of(RunStatus.FINISHED)), sortedStatuses(runs));
    }

    @Test
    void aMethodStandingInForAnotherUnderTheSameRunNameJoinsItsRunAndOtherAnnotatedCallsNestAChildRun()
            throws Throwable {
        Map<String, Class<?>> types = rewrittenTogether(StandIns.class, StandIns.Companion.class, StandIns.Base.class,
                StandIns.Refined.class);
        Class<?> standIns = types.get(StandIns.class.getName());
        Object instance = standIns.getConstructor().newInstance();

        assertEquals(4, call(standIns, null, "create", 3));
        assertEquals(10L, standIns.getMethod("train", int.class).invoke(instance, 2));
        Class<?> refined = types.get(StandIns.Refined.class.getName());
        assertEquals(10, refined.getMethod("fit", int.class).invoke(refined.getConstructor().newInstance(), 3));
        assertEquals(24L, call(standIns, instance, "outer"));

        assertTrue(Autolog.flush());
        LocalStoreReader reader = new LocalStoreReader(store);
        Map<String, RunInfo> byId = reader.runs("0").stream().collect(Collectors.toMap(RunInfo::runId, r -> r));
        List<String> runs = byId.values().stream()
                .filter(r -> Set.of("forwarded", "defaulted", "fitted", "outer").contains(r.runName()))
                .map(r -> {
                    String parent = reader.tags(r.runId()).get("mlflow.parentRunId");
                    return r.runName() + (parent == null ? "" : " in " + byId.get(parent).runName()) + " "
                            + r.status();
                }).sorted().toList();
        assertEquals(List.of("defaulted FINISHED", "defaulted in outer FINISHED", "fitted FINISHED",
                "fitted in outer FINISHED", "forwarded FINISHED", "outer FINISHED"), runs);
    }

    /** A type that another method of the class names and that is missing at run time does not cost the run its name. */
    @Test
    void theRunIsNamedWhenAnotherMethodOfTheClassNamesATypeMissingAtRunTime() throws Exception {
        String name = "dev.autolog.agent.tooling.OptionalDependency";
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, "java/lang/Object", null);
        MethodVisitor train = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "train", "()I", null, null);
        AnnotationVisitor annotation = train.visitAnnotation("Ldev/autolog/AutologRun;", true);
        annotation.visit("value", "despite-a-missing-type");
        annotation.visitEnd();
        train.visitCode();
        train.visitInsn(Opcodes.ICONST_5);
        train.visitInsn(Opcodes.IRETURN);
        train.visitMaxs(0, 0);
        train.visitEnd();
        // private: the test's own getMethod lists the public methods only
        MethodVisitor optional = writer.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, "onlyWhenPresent",
                "(Lnowhere/Missing;)V", null, null);
        optional.visitCode();
        optional.visitInsn(Opcodes.RETURN);
        optional.visitMaxs(0, 0);
        optional.visitEnd();
        writer.visitEnd();

        assertEquals(5, rewritten(name, writer.toByteArray()).getMethod("train").invoke(null));
        assertTrue(Autolog.flush());
        assertEquals(List.of(RunStatus.FINISHED), new LocalStoreReader(store).runs("0").stream()
                .filter(run -> run.runName().equals("despite-a-missing-type")).map(RunInfo::status).toList());
    }

    /**
     * Values left on the operand stack under the returned one (legal bytecode, which javac never writes) are
     * dropped on the way to the shared exit; a void method's too.
     */
    @Test
    void valuesLeftUnderTheReturnedOneAreDropped() throws Exception {
        String name = "dev.autolog.agent.tooling.StackLeftovers";
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, "java/lang/Object", null);
        MethodVisitor answer = annotated(writer, "answer", "()J");
        answer.visitInsn(Opcodes.ICONST_1);
        answer.visitInsn(Opcodes.DCONST_0);
        answer.visitLdcInsn(42L);
        answer.visitInsn(Opcodes.LRETURN);
        answer.visitMaxs(0, 0);
        answer.visitEnd();
        MethodVisitor nothing = annotated(writer, "nothing", "()V");
        nothing.visitInsn(Opcodes.ICONST_1);
        nothing.visitInsn(Opcodes.RETURN);
        nothing.visitMaxs(0, 0);
        nothing.visitEnd();
        writer.visitEnd();
        Class<?> type = rewritten(name, writer.toByteArray());

        assertEquals(42L, type.getMethod("answer").invoke(null));
        assertEquals(null, type.getMethod("nothing").invoke(null));
    }

    /** The class file rewritten as the agent does (its type pool, no type validation) and loaded on its own. */
    private static Class<?> rewritten(String name, byte[] classFile) {
        ClassLoader loader = AnnotatedRunCodeTest.class.getClassLoader();
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile),
                ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = new LenientPoolStrategy().typePool(locator, loader);
        return new ByteBuddy().with(TypeValidation.DISABLED).redefine(pool.describe(name).resolve(), locator)
                .visit(AnnotatedRunCode.WRAPPER).make()
                .load(loader, ClassLoadingStrategy.Default.CHILD_FIRST).getLoaded();
    }

    /** The classes rewritten and loaded by one class loader, so that they call each other's rewritten code. */
    private static Map<String, Class<?>> rewrittenTogether(Class<?>... classes) throws ClassNotFoundException {
        Map<String, byte[]> rewritten = new HashMap<>();
        for (Class<?> c : classes) {
            rewritten.put(c.getName(), new ByteBuddy().redefine(c).visit(AnnotatedRunCode.WRAPPER).make().getBytes());
        }
        ClassLoader loader = new ByteArrayClassLoader.ChildFirst(AnnotatedRunCodeTest.class.getClassLoader(),
                rewritten);
        Map<String, Class<?>> loaded = new HashMap<>();
        for (Class<?> c : classes) {
            loaded.put(c.getName(), Class.forName(c.getName(), true, loader));
        }
        return loaded;
    }

    private static MethodVisitor annotated(ClassWriter writer, String name, String descriptor) {
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, descriptor, null,
                null);
        method.visitAnnotation("Ldev/autolog/AutologRun;", true).visitEnd();
        method.visitCode();
        return method;
    }

    private static Map<String, List<RunStatus>> sortedStatuses(Map<String, List<RunStatus>> runs) {
        Map<String, List<RunStatus>> sorted = new HashMap<>();
        runs.forEach((k, v) -> sorted.put(k, v.stream().sorted().toList()));
        return sorted;
    }

    private static Object call(Class<?> type, Object target, String name, Object... args) throws Throwable {
        for (Method m : type.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new NoSuchMethodException(name);
    }

    private static Map<String, Integer> maxLocals(byte[] classFile) {
        Map<String, Integer> locals = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMaxs(int maxStack, int maxLocals) {
                        locals.put(name, maxLocals);
                    }
                };
            }
        }, 0);
        return locals;
    }
}
