package dev.autolog.integration.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.StubMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SynapseML LightGBM version check on class loaders holding a hand-made manifest and TrainUtils class file. */
class LightGbmVersionsTest {
    @TempDir
    Path dir;

    @Test
    void anUnsupportedLineIsNamedWithWhatIsSupported() throws Exception {
        assertEquals("synapseml-lightgbm 0.11.4 is not a supported version line (supported: 1.0.x)",
                LightGbmVersions.check(loader("0.11.4", 4)));
    }

    @Test
    void aSupportedVersionWithoutTheIterationMethodTheHookNeedsIsRefused() throws Exception {
        assertEquals("synapseml-lightgbm 1.0.15 lacks TrainUtils.afterTrainIteration with 4 parameters (supported: "
                + "1.0.x)", LightGbmVersions.check(loader("1.0.15", 3)));
    }

    @Test
    void aSupportedVersionWithTheIterationMethodPasses() throws Exception {
        assertNull(LightGbmVersions.check(loader("1.0.15", 4)));
    }

    /** A manifest titled as SynapseML's LightGBM jar and a {@code TrainUtils$} with {@code afterTrainIteration}. */
    private ClassLoader loader(String version, int iterationArity) throws Exception {
        DynamicType.Builder<Object> utils = new ByteBuddy().subclass(Object.class)
                .name(SparkIntegration.LIGHTGBM_TRAIN_UTILS);
        Class<?>[] params = new Class<?>[iterationArity];
        java.util.Arrays.fill(params, Object.class);
        byte[] bytes = utils.defineMethod("afterTrainIteration", void.class, Visibility.PUBLIC)
                .withParameters(params).intercept(StubMethod.INSTANCE).make().getBytes();
        Path file = dir.resolve(SparkIntegration.LIGHTGBM_TRAIN_UTILS.replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        Path manifest = dir.resolve("META-INF/MANIFEST.MF");
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, "Manifest-Version: 1.0\nImplementation-Title: synapseml-lightgbm\n"
                + "Implementation-Version: " + version + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }
}
