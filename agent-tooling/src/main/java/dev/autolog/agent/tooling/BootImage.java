package dev.autolog.agent.tooling;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * A step of the agent jar's build: writes the engine's classes as one file, in the order {@link BootEngine} defines
 * them in the bootstrap loader at start-up (each class after its superclass and interfaces), so that a JVM's start
 * pays for neither reading a class file's header nor looking a type up. A class whose supertypes are neither engine
 * classes nor in {@code java.base} (the Spark plugin implements Spark's interfaces) is left out, with its subtypes:
 * the bootstrap loader could not define it, and its own loader finds it in the agent jar on the class path.
 *
 * <p>Arguments: the directory of the engine's classes, the file to write, the engine's version. The file holds the
 * version ({@link DataOutputStream#writeUTF}), the number of classes, then per class its binary name, its length and
 * its bytes.
 */
public final class BootImage {
    private final Map<String, byte[]> classes;
    /** Per class: whether it goes into the image. */
    private final Map<String, Boolean> included = new HashMap<>();
    private final List<String> order = new ArrayList<>();

    private BootImage(Map<String, byte[]> classes) {
        this.classes = classes;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Map<String, byte[]> classes = new TreeMap<>(); // a reproducible order
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                if (!name.endsWith("module-info.class")) {
                    classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'),
                            Files.readAllBytes(f));
                }
            }
        }
        BootImage image = new BootImage(classes);
        for (String name : classes.keySet()) {
            image.visit(name);
        }
        try (OutputStream file = Files.newOutputStream(Path.of(args[1]));
             DataOutputStream out = new DataOutputStream(file)) {
            out.writeUTF(args[2]);
            out.writeInt(image.order.size());
            for (String name : image.order) {
                out.writeUTF(name);
                out.writeInt(classes.get(name).length);
                out.write(classes.get(name));
            }
        }
        List<String> left = classes.keySet().stream().filter(n -> !image.included.get(n)).toList();
        System.out.println("boot image: " + image.order.size() + " engine classes; left out: " + left);
    }

    private boolean visit(String name) {
        Boolean known = included.get(name);
        if (known != null) {
            return known;
        }
        ClassReader header = new ClassReader(classes.get(name));
        List<String> supertypes = new ArrayList<>(List.of(header.getInterfaces()));
        if (header.getSuperName() != null) {
            supertypes.add(header.getSuperName());
        }
        boolean definable = true;
        for (String internalName : supertypes) {
            String supertype = internalName.replace('/', '.');
            definable &= classes.containsKey(supertype) ? visit(supertype) : inJavaBase(supertype);
        }
        included.put(name, definable);
        if (definable) {
            order.add(name);
        }
        return definable;
    }

    private static boolean inJavaBase(String className) {
        try {
            return Class.forName(className, false, null).getModule() == Object.class.getModule();
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
