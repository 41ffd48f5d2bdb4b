package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autolog.RunStatus;
import dev.autolog.backend.Backend;
import dev.autolog.backend.BackendProvider;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import dev.autolog.backend.mlflow.testserver.FakeMlflowServer;
import dev.autolog.config.AutologConfig;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a fresh JVM pays before its first run reaches the server: the backend and its libraries are loaded by a class
 * loader of their own here, as the agent's is, so the classes a whole run's shipping needs can be seen.
 */
class ColdStartTest {
    @TempDir
    Path spool;

    /** Loads the backend, Jackson, OkHttp, Okio and Kotlin itself (never from its parent), the engine from its parent. */
    private static final class IsolatedLoader extends URLClassLoader {
        private static final List<String> OWN = List.of("dev.autolog.backend.mlflow.", "com.fasterxml.jackson.",
                "okhttp3.", "okio.", "kotlin.");

        IsolatedLoader(Class<?>... from) throws Exception {
            super(locations(from), ColdStartTest.class.getClassLoader());
        }

        private static URL[] locations(Class<?>... from) throws Exception {
            List<URL> urls = new ArrayList<>();
            for (Class<?> c : from) {
                urls.add(c.getProtectionDomain().getCodeSource().getLocation());
            }
            return urls.toArray(URL[]::new);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (OWN.stream().noneMatch(name::startsWith) || name.startsWith("dev.autolog.backend.mlflow.testserver.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }

        boolean loaded(String name) {
            return findLoadedClass(name) != null;
        }
    }

    @Test
    void aRunShipsWithoutOkHttpKotlinOrAnObjectMapperWhoseClassesWouldHoldTheFirstRequestBack() throws Exception {
        try (FakeMlflowServer server = FakeMlflowServer.start(true);
             IsolatedLoader loader = new IsolatedLoader(MlflowBackend.class, JsonFactory.class, ObjectMapper.class,
                     com.fasterxml.jackson.annotation.JsonProperty.class, OkHttpClient.class, Buffer.class,
                     kotlin.Unit.class)) {
            BackendProvider provider = (BackendProvider) loader.loadClass(MlflowBackendProvider.class.getName())
                    .getDeclaredConstructor().newInstance();
            AutologConfig config = AutologConfig.defaults().with("autolog.mlflow.spool.dir", spool.toString());
            Backend backend = provider.create(URI.create(server.uri()), config);
            String run = "0123456789abcdef0123456789abcdef";
            try {
                backend.createRun(new NewRun(run, "Default", "cold", 1_700_000_000_000L, "bob", Map.of()));
                backend.logBatch(run, List.of(new Metric("loss", 0.5, 1_700_000_000_001L, 0)),
                        List.of(new Param("depth", "4")), List.of());
                backend.endRun(run, RunStatus.FINISHED, 1_700_000_000_002L);
                backend.flush();
            } finally {
                backend.close();
            }

            assertEquals(1, server.state().runs().get(0).pointsReceived);
            assertTrue(loader.loaded(JsonFactory.class.getName()), "Jackson comes from the isolated loader");
            assertFalse(loader.loaded(ObjectMapper.class.getName()));
            for (Class<?> heavy : List.of(OkHttpClient.class, Buffer.class, kotlin.Unit.class)) {
                assertFalse(loader.loaded(heavy.getName()), heavy + " is loaded only for a PATCH");
            }
        }
    }
}
