package dev.autolog.bench;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * An application's class loading: loads (without initialising) every class of MLflow's generated protobuf API in
 * this jar, ~600 classes, and prints how many and the milliseconds it took. {@link AppCdsBench} runs it with a
 * class-data sharing archive of these classes.
 */
public final class AppCdsWorkload {
    static final String PACKAGE = "org/mlflow/api/proto/";

    public static void main(String[] args) throws IOException, ClassNotFoundException {
        List<String> names;
        try (JarFile jar = new JarFile(new File(System.getProperty("java.class.path")))) {
            names = jar.stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith(PACKAGE) && n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).toList();
        }
        ClassLoader loader = AppCdsWorkload.class.getClassLoader();
        long start = System.nanoTime();
        for (String name : names) {
            Class.forName(name, false, loader);
        }
        System.out.println(names.size() + " " + (System.nanoTime() - start) / 1e6);
    }
}
