package dev.autolog.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * What is never instrumented: the JDK, Scala's runtime, Byte Buddy, other agents, generated classes, and
 * anything loaded by the bootstrap loader (which holds our own engine) or by our agent class loader.
 * Name checks only, so ignoring a class never parses it.
 */
final class IgnoredTypes {

    private IgnoredTypes() {
    }

    static ElementMatcher.Junction<TypeDescription> matcher() {
        return nameStartsWith("java.").or(nameStartsWith("javax.")).or(nameStartsWith("jdk."))
                .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun."))
                .or(nameStartsWith("scala.")).or(nameStartsWith("kotlin."))
                .or(nameStartsWith("net.bytebuddy.")).or(nameStartsWith("org.objectweb.asm."))
                .or(nameStartsWith("io.opentelemetry.javaagent.")).or(nameStartsWith("datadog."))
                .or(nameStartsWith("co.elastic.apm.agent.")).or(nameStartsWith("com.newrelic."))
                .or(nameContains("$$Lambda")).or(nameContains("$ByteBuddy$"))
                // JDK proxies have no class file to describe them by (Netty's, in Spark, when attached late)
                .or(nameContains(".$Proxy"));
    }

    static ElementMatcher.Junction<ClassLoader> loaders() {
        return isBootstrapClassLoader()
                .or(loader -> loader == IgnoredTypes.class.getClassLoader())
                .or(loader -> loader != null && isGeneratedCodeLoader(loader.getClass().getName()));
    }

    private static boolean isGeneratedCodeLoader(String loaderClass) {
        return loaderClass.equals("org.codehaus.janino.ByteArrayClassLoader")
                || loaderClass.equals("jdk.internal.reflect.DelegatingClassLoader")
                || loaderClass.startsWith("groovy.lang.GroovyClassLoader");
    }
}
