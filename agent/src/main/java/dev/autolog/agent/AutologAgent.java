package dev.autolog.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The agent's entry points, loaded by the system class loader and compiled for Java 8 so that an old JVM gets a
 * warning instead of a crash. Puts the {@code dev.autolog} engine (without the public API) in the bootstrap
 * loader, then hands over to the tooling in an isolated {@link AgentClassLoader}. Never throws: an exception
 * out of premain would stop the application's JVM.
 */
public final class AutologAgent {
    private static final String INSTALLER = "dev.autolog.agent.tooling.AgentInstaller";
    private static final String PLATFORM_LOADER_CLASS = "jdk.internal.loader.ClassLoaders$PlatformClassLoader";
    private static final String CLI = "dev.autolog.agent.tooling.Cli";
    private static final String BOOT_ENGINE = "dev.autolog.agent.tooling.BootEngine";
    /** Read here, before the engine and its configuration exist: from a system property or the environment only. */
    private static final String BOOT_CLASS_PATH_KEY = "autolog.agent.boot.class.path";
    private static final String BOOT_JAR = "autolog-boot.jar";
    private static volatile boolean started;

    private AutologAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    /** {@code java -jar autolog-agent.jar <command>}: the command line. */
    public static void main(String[] args) throws Exception {
        ClassLoader loader = new AgentClassLoader(agentJar(), ClassLoader.getSystemClassLoader());
        try {
            loader.loadClass(CLI).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    private static synchronized void start(String args, Instrumentation inst, boolean attachedLate) {
        try {
            if (started) {
                System.err.println("autolog: the agent is attached twice; ignoring the second one");
                return;
            }
            if (javaMajorVersion() < 17) {
                System.err.println("autolog: needs Java 17 or newer (this is " + System.getProperty("java.version")
                        + "); autologging is off");
                return;
            }
            File jar = agentJar();
            ClassLoader loader = new AgentClassLoader(jar, platformLoader());
            putEngineOnBootLoader(inst, jar, loader);
            loader.loadClass(INSTALLER).getMethod("install", Instrumentation.class, String.class, boolean.class)
                    .invoke(null, inst, args, attachedLate);
            started = true;
        } catch (Throwable t) {
            Throwable cause = t instanceof InvocationTargetException ? t.getCause() : t;
            System.err.println("autolog: the agent did not start, the application runs without it: " + cause);
        }
    }

    /**
     * The engine's classes defined in the bootstrap loader ({@code BootEngine}), or, where that fails (a JDK without
     * the internal call it needs) or {@value #BOOT_CLASS_PATH_KEY} asks for it, its jar appended to the bootstrap
     * class path, as agents usually do: HotSpot then prints a warning about class-data sharing and stops sharing the
     * application's classes.
     */
    private static void putEngineOnBootLoader(Instrumentation inst, File jar, ClassLoader loader) throws IOException {
        if (!appendsToBootClassPath()) {
            try {
                loader.loadClass(BOOT_ENGINE).getMethod("define", Instrumentation.class, File.class)
                        .invoke(null, inst, jar);
                return;
            } catch (Exception | LinkageError e) {
                // the engine's jar goes on the bootstrap class path instead; classes defined already are found first
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(engineJar(jar)));
    }

    private static boolean appendsToBootClassPath() {
        String value = System.getProperty(BOOT_CLASS_PATH_KEY);
        if (value == null) {
            value = System.getenv(BOOT_CLASS_PATH_KEY.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
        }
        return value != null && value.trim().equalsIgnoreCase("true");
    }

    private static File engineJar(File agentJar) {
        try {
            return bootJar(agentJar);
        } catch (IOException | RuntimeException e) {
            System.err.println("autolog: cannot copy the engine to a temporary file (" + e + "); the whole agent jar"
                    + " goes on the bootstrap class path, so its copy of the API is used instead of the application's");
            return agentJar;
        }
    }

    /**
     * The engine without the public API ({@code autolog-boot.jar} inside the agent jar), copied to a private
     * temporary file ({@link EngineCopy}): the bootstrap loader reads only files, and the API must stay off its path
     * so that the application's own copy is used. The copies of JVMs that are gone are removed meanwhile.
     */
    private static File bootJar(File agentJar) throws IOException {
        JarFile jar = new JarFile(agentJar, false);
        try {
            JarEntry entry = jar.getJarEntry(BOOT_JAR);
            if (entry == null) {
                throw new IOException(BOOT_JAR + " is missing from " + agentJar);
            }
            InputStream in = jar.getInputStream(entry);
            Path copy;
            try {
                copy = EngineCopy.create(Paths.get(System.getProperty("java.io.tmpdir")), in);
            } finally {
                in.close();
            }
            StaleEngineCopies.sweepInBackground(copy);
            return copy.toFile();
        } finally {
            jar.close();
        }
    }

    static File agentJar() throws URISyntaxException {
        return new File(AutologAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * The platform class loader (Java 9+), the parent of the application class loader, found by walking up from the
     * system class loader: a reflective call of {@code ClassLoader.getPlatformClassLoader} (this class is compiled
     * for Java 8), being caller-sensitive, makes the JVM parse annotations and spin a proxy class first, ~15 ms of
     * the application's start-up. Reflection only where the walk does not end at the JDK's platform loader (an
     * unusual {@code java.system.class.loader}).
     */
    static ClassLoader platformLoader() throws ReflectiveOperationException {
        ClassLoader top = ClassLoader.getSystemClassLoader();
        while (top != null && top.getParent() != null) {
            top = top.getParent();
        }
        if (top != null && top.getClass().getName().equals(PLATFORM_LOADER_CLASS)) {
            return top;
        }
        return (ClassLoader) ClassLoader.class.getMethod("getPlatformClassLoader").invoke(null);
    }

    private static int javaMajorVersion() {
        String v = System.getProperty("java.specification.version", "1.8");
        return v.startsWith("1.") ? Integer.parseInt(v.substring(2)) : Integer.parseInt(v.split("\\.")[0]);
    }
}
