package dev.autolog.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.StackSize;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.TypePath;
import net.bytebuddy.utility.visitor.StackAwareMethodVisitor;

/**
 * The code around a method annotated {@code @AutologRun}: its outermost execution on a thread is one run, ended
 * FAILED when it throws, and a re-entered call joins it. Written as bytecode rather than as Byte Buddy advice because
 * every frame of a recursive method carries what is added: inlined advice adds three locals (the run, the return
 * value, the exception), this adds one, the run, right after the parameters (the method's own locals move up by
 * one). The return value stays on the operand stack on its way to the shared exit, the exception on the handler's,
 * and a re-entered call, whose run is null, calls nothing on its way out. The run's name, the annotation's value, is
 * read from the class file here and passed as a constant: reflection would resolve every type the class's methods
 * name, and fail on one missing at run time. A failure to link or call the entry hook
 * leaves the run null and the method running; a method whose code cannot be rewritten safely (a two-slot value
 * across the run's slot) fails its transformation, and the class loads unchanged.
 */
final class AnnotatedRunCode extends StackAwareMethodVisitor {
    static final AsmVisitorWrapper WRAPPER = new AsmVisitorWrapper.ForDeclaredMethods()
            .readerFlags(ClassReader.EXPAND_FRAMES)
            .method(isAnnotatedWith(named(ByteBuddySetup.AUTOLOG_RUN)).and(not(isAbstract())).and(not(isNative())),
                    (type, method, visitor, context, pool, writerFlags, readerFlags) ->
                            AnnotatedRunCode.around(type, method, visitor));

    private static final String HOOKS = "dev/autolog/hook/Hooks";
    private static final String ANNOTATION = "L" + ByteBuddySetup.AUTOLOG_RUN.replace('.', '/') + ";";
    private static final String ENTER = "(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/String;)Ljava/lang/Object;";
    private static final String EXIT = "(Ljava/lang/Object;Ljava/lang/Throwable;)V";
    private static final String THROWABLE = "java/lang/Throwable";
    private static final String OBJECT = "java/lang/Object";

    private final TypeDescription type;
    private final MethodDescription method;
    private final boolean frames;
    /** The run's local slot; the method's own locals from here on move up by one. */
    private final int run;
    private final Label bodyStart = new Label();
    private final Label exit = new Label();
    private int returnOpcode = -1;
    private int drainLocals;
    /** The annotation's value as the class file holds it: read at run time, it would need every type of the class. */
    private String runName = "";

    private AnnotatedRunCode(MethodVisitor visitor, TypeDescription type, MethodDescription method, boolean frames) {
        super(visitor, method);
        this.type = type;
        this.method = method;
        this.frames = frames;
        this.run = method.getStackSize();
    }

    /** Class files before Java 5 hold no annotations (nor class constants); before Java 6 no stack map frames. */
    static MethodVisitor around(TypeDescription type, MethodDescription method, MethodVisitor visitor) {
        ClassFileVersion version = type.getClassFileVersion();
        if (version != null && !version.isAtLeast(ClassFileVersion.JAVA_V5)) {
            return visitor;
        }
        return new AnnotatedRunCode(visitor, type, method, version == null || version.isAtLeast(ClassFileVersion.JAVA_V6));
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        AnnotationVisitor annotation = super.visitAnnotation(descriptor, visible);
        if (!descriptor.equals(ANNOTATION)) {
            return annotation;
        }
        return new AnnotationVisitor(Opcodes.ASM9, annotation) {
            @Override
            public void visit(String name, Object value) {
                if (name.equals("value") && value instanceof String) {
                    runName = (String) value;
                }
                super.visit(name, value);
            }
        };
    }

    @Override
    public void visitCode() {
        super.visitCode();
        Label enterStart = new Label();
        Label enterEnd = new Label();
        Label enterFailed = new Label();
        Label entered = new Label();
        super.visitTryCatchBlock(enterStart, enterEnd, enterFailed, THROWABLE);
        super.visitLabel(enterStart);
        super.visitLdcInsn(Type.getObjectType(type.getInternalName()));
        super.visitLdcInsn(method.getInternalName() + method.getDescriptor());
        super.visitLdcInsn(runName);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "enterAnnotatedRun", ENTER, false);
        super.visitLabel(enterEnd);
        super.visitJumpInsn(Opcodes.GOTO, entered);
        super.visitLabel(enterFailed);
        frame(parameters(), THROWABLE);
        super.visitInsn(Opcodes.POP);
        super.visitInsn(Opcodes.ACONST_NULL);
        super.visitLabel(entered);
        frame(parameters(), OBJECT);
        super.visitVarInsn(Opcodes.ASTORE, run);
        super.visitLabel(bodyStart);
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode < Opcodes.IRETURN || opcode > Opcodes.RETURN) {
            super.visitInsn(opcode);
            return;
        }
        returnOpcode = opcode;
        if (opcode == Opcodes.RETURN) {
            drainStack();
        } else {
            int size = opcode == Opcodes.LRETURN || opcode == Opcodes.DRETURN ? 2 : 1;
            int load = Opcodes.ILOAD + (opcode - Opcodes.IRETURN);
            drainLocals = Math.max(drainLocals, drainStack(load + (Opcodes.ISTORE - Opcodes.ILOAD), load,
                    StackSize.of(size)));
        }
        super.visitJumpInsn(Opcodes.GOTO, exit);
    }

    @Override
    public void visitVarInsn(int opcode, int slot) {
        boolean twoSlots = opcode == Opcodes.LLOAD || opcode == Opcodes.DLOAD || opcode == Opcodes.LSTORE
                || opcode == Opcodes.DSTORE;
        if (twoSlots && slot == run - 1) {
            throw new IllegalStateException("a two-slot local across the first slot after the parameters");
        }
        super.visitVarInsn(opcode, moved(slot));
    }

    @Override
    public void visitIincInsn(int slot, int increment) {
        super.visitIincInsn(moved(slot), increment);
    }

    @Override
    public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end,
                                   int slot) {
        super.visitLocalVariable(name, descriptor, signature, start, end, moved(slot));
    }

    @Override
    public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath,
            Label[] start, Label[] end, int[] slots, String descriptor, boolean visible) {
        int[] moved = new int[slots.length];
        for (int i = 0; i < slots.length; i++) {
            moved[i] = moved(slots[i]);
        }
        return super.visitLocalVariableAnnotation(typeRef, typePath, start, end, moved, descriptor, visible);
    }

    @Override
    public void visitFrame(int kind, int localCount, Object[] locals, int stackCount, Object[] stack) {
        if (kind != Opcodes.F_NEW) {
            throw new IllegalStateException("compressed stack map frames");
        }
        Object[] withRun = withRun(localCount, locals);
        super.visitFrame(kind, withRun.length, withRun, stackCount, stack);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        Label bodyEnd = new Label();
        Label handler = new Label();
        Label rethrow = new Label();
        super.visitLabel(bodyEnd);
        register(handler, Collections.singletonList(StackSize.SINGLE));
        super.visitLabel(handler);
        frame(runOnly(), THROWABLE);
        super.visitVarInsn(Opcodes.ALOAD, run);
        super.visitJumpInsn(Opcodes.IFNULL, rethrow);
        super.visitInsn(Opcodes.DUP);
        super.visitVarInsn(Opcodes.ALOAD, run);
        super.visitInsn(Opcodes.SWAP);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "exitAnnotatedRun", EXIT, false);
        super.visitLabel(rethrow);
        frame(runOnly(), THROWABLE);
        super.visitInsn(Opcodes.ATHROW);
        int returnSize = 0;
        if (returnOpcode != -1) {
            Object returned = verificationType(Type.getReturnType(method.getDescriptor()));
            returnSize = returned == null ? 0 : returned == Opcodes.LONG || returned == Opcodes.DOUBLE ? 2 : 1;
            Label done = new Label();
            super.visitLabel(exit);
            frame(runOnly(), returned);
            super.visitVarInsn(Opcodes.ALOAD, run);
            super.visitJumpInsn(Opcodes.IFNULL, done);
            super.visitVarInsn(Opcodes.ALOAD, run);
            super.visitInsn(Opcodes.ACONST_NULL);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "exitAnnotatedRun", EXIT, false);
            super.visitLabel(done);
            frame(runOnly(), returned);
            super.visitInsn(returnOpcode);
        }
        super.visitTryCatchBlock(bodyStart, bodyEnd, handler, THROWABLE);
        super.visitMaxs(Math.max(maxStack, Math.max(3, returnSize + 2)),
                Math.max(maxLocals + 1, Math.max(run + 1, drainLocals)));
    }

    private int moved(int slot) {
        return slot >= run ? slot + 1 : slot;
    }

    private void frame(List<Object> locals, Object onStack) {
        if (frames) {
            Object[] stack = onStack == null ? new Object[0] : new Object[] {onStack};
            super.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), stack.length, stack);
        }
    }

    /** A frame's locals with the run's slot inserted after the parameters' slots (padded when they end early). */
    private Object[] withRun(int localCount, Object[] locals) {
        List<Object> out = new ArrayList<>(localCount + 1);
        int slots = 0;
        int i = 0;
        for (; i < localCount && slots < run; i++) {
            out.add(locals[i]);
            slots += locals[i] == Opcodes.LONG || locals[i] == Opcodes.DOUBLE ? 2 : 1;
        }
        if (slots > run) {
            throw new IllegalStateException("a two-slot local across the first slot after the parameters");
        }
        for (; slots < run; slots++) {
            out.add(Opcodes.TOP);
        }
        out.add(OBJECT);
        for (; i < localCount; i++) {
            out.add(locals[i]);
        }
        return out.toArray();
    }

    /** The locals at the method's start: {@code this} and the parameters. */
    private List<Object> parameters() {
        List<Object> locals = new ArrayList<>();
        if (!method.isStatic()) {
            locals.add(type.getInternalName());
        }
        for (Type parameter : Type.getArgumentTypes(method.getDescriptor())) {
            locals.add(verificationType(parameter));
        }
        return locals;
    }

    /** The locals where the method's own are no longer needed: the parameters' slots unused, then the run. */
    private List<Object> runOnly() {
        List<Object> locals = new ArrayList<>(Collections.nCopies(run, Opcodes.TOP));
        locals.add(OBJECT);
        return locals;
    }

    /** A stack map frame's type for a value of this type; null for void. */
    private static Object verificationType(Type t) {
        switch (t.getSort()) {
            case Type.VOID:
                return null;
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            case Type.ARRAY:
                return t.getDescriptor();
            default:
                return t.getInternalName();
        }
    }
}
