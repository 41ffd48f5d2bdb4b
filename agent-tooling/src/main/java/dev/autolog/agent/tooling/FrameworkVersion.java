package dev.autolog.agent.tooling;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/** A framework's version as its jar's Maven metadata or manifest states it, read once per class loader and framework. */
public final class FrameworkVersion {
    public static final String UNKNOWN = "unknown";
    private static final Map<ClassLoader, Map<String, String>> CACHE = new WeakHashMap<>();

    private FrameworkVersion() {
    }

    /**
     * The {@code version} of the first of {@code pomProperties} (resource paths like
     * {@code META-INF/maven/org.tribuo/tribuo-core/pom.properties}) that {@code loader} holds, or "unknown".
     */
    public static String of(ClassLoader loader, String... pomProperties) {
        return cached(loader, pomProperties[0], () -> read(loader, "version", pomProperties));
    }

    /**
     * The value of {@code key} in the properties file {@code resource} (a framework's own version file, such as
     * DJL's {@code ai/djl/engine/api.properties}), or "unknown".
     */
    public static String ofProperty(ClassLoader loader, String resource, String key) {
        return cached(loader, resource + "#" + key, () -> read(loader, key, resource));
    }

    /**
     * The {@code Implementation-Version} of the jar whose manifest names {@code implementationTitle}, for
     * frameworks built without Maven metadata (Smile), or "unknown".
     */
    public static String ofManifest(ClassLoader loader, String implementationTitle) {
        return cached(loader, "manifest:" + implementationTitle, () -> readManifests(loader, implementationTitle));
    }

    private static String cached(ClassLoader loader, String key, Supplier<String> read) {
        if (loader == null) {
            return UNKNOWN;
        }
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(loader, l -> new HashMap<>()).computeIfAbsent(key, k -> read.get());
        }
    }

    private static String readManifests(ClassLoader loader, String implementationTitle) {
        try {
            Enumeration<URL> manifests = loader.getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                try (InputStream in = manifests.nextElement().openStream()) {
                    Attributes main = new Manifest(in).getMainAttributes();
                    String version = main.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
                    if (implementationTitle.equals(main.getValue(Attributes.Name.IMPLEMENTATION_TITLE))
                            && version != null) {
                        return version;
                    }
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return UNKNOWN;
    }

    private static String read(ClassLoader loader, String key, String... resources) {
        for (String resource : resources) {
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    return p.getProperty(key, UNKNOWN);
                }
            } catch (IOException e) {
                // try the next one
            }
        }
        return UNKNOWN;
    }
}
