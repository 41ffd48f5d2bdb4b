package dev.autolog.agent.tooling;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import javax.management.DynamicMBean;
import javax.management.ObjectName;

/**
 * Keeps the CLI's own JVM on the quick compiler for a command that ends in a second or two: the optimizing compiler
 * (C2) would spend about a third of such a command's CPU compiling code the command then runs for a few hundred
 * milliseconds at most (as {@code -XX:TieredStopAtLevel=1} does for short tools, which {@code java -jar} cannot be
 * given). A compiler directive excluding C2 is added through the JVM's diagnostic command bean, on a daemon thread so
 * that the command starts meanwhile; a method the directive excludes from C2 is compiled by C1 alone. The bean is
 * taken from the JDK's platform bean provider (~30 ms; the jar's manifest exports its package to {@code java -jar}),
 * else from the platform bean server (~200 ms: it starts all of JMX). Only ever for the CLI's process, never in an
 * application the agent runs in; a JVM without the bean or the directive just keeps its usual compilers.
 */
final class ShortCommandJit {
    private static final String DIRECTIVE = "[{ match: \"*.*\", c2: { Exclude: true } }]";
    private static final String BEAN = "com.sun.management:type=DiagnosticCommand";
    private static final String ADD = "compilerDirectivesAdd";
    private static final String[] SIGNATURE = {String[].class.getName()};

    private ShortCommandJit() {
    }

    /** The thread adding the directive, which the command does not wait for. */
    static Thread start() {
        Thread thread = new Thread(ShortCommandJit::addDirective, "autolog-cli-jit");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void addDirective() {
        Path file = null;
        try {
            file = Files.createTempFile("autolog-cli-jit", ".json");
            Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
            Object[] params = {new String[] {file.toString()}};
            DynamicMBean bean = fromPlatformProvider();
            if (bean != null) {
                bean.invoke(ADD, params, SIGNATURE);
            } else {
                ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(BEAN), ADD, params, SIGNATURE);
            }
        } catch (Exception | LinkageError e) {
            // no such bean or command in this JVM: the command runs with the usual compilers
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (Exception e) {
                    // a temporary file of a few bytes, left in the temporary folder
                }
            }
        }
    }

    /** The bean as the JDK's provider makes it for the platform server; null when its package is not exported here. */
    private static DynamicMBean fromPlatformProvider() {
        try {
            Class<?> provider = Class.forName("sun.management.spi.PlatformMBeanProvider");
            Class<?> component = Class.forName("sun.management.spi.PlatformMBeanProvider$PlatformComponent");
            Method components = provider.getMethod("getPlatformComponentList");
            Method pattern = component.getMethod("getObjectNamePattern");
            Method beans = component.getMethod("nameToMBeanMap");
            for (Object p : ServiceLoader.load(provider)) {
                for (Object c : (List<?>) components.invoke(p)) {
                    if (BEAN.equals(pattern.invoke(c))) {
                        for (Object bean : ((Map<?, ?>) beans.invoke(c)).values()) {
                            if (bean instanceof DynamicMBean dynamic) {
                                return dynamic;
                            }
                        }
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError | ServiceConfigurationError e) {
            // not exported to this module (not run with java -jar) or another JDK: the server's way
        }
        return null;
    }
}
