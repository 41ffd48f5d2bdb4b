package dev.autolog.integration.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version check on class loaders holding hand-made Spark-shaped class files and Maven metadata. */
class SparkVersionsTest {
    @TempDir
    Path dir;

    @Test
    void aLoaderWithoutMllibPassesSoItsSparkTasksAreStillMarked() throws Exception {
        assertNull(SparkVersions.check(loader(null)));
    }

    @Test
    void anUnsupportedLineIsNamedWithWhatIsSupported() throws Exception {
        assertEquals("spark-mllib 3.4.4 is not a supported version line (supported: 3.5.x and 4.x)",
                SparkVersions.check(loader("3.4.4")));
    }

    @Test
    void aSupportedVersionWithoutTheMethodsTheHooksNeedIsRefused() throws Exception {
        assertEquals("spark-mllib 3.5.6 lacks ParamMap.toList or Estimator.fit(Dataset) (supported: 3.5.x and 4.x)",
                SparkVersions.check(loader("3.5.6")));
    }

    /** A loader with MLlib's Maven metadata and a {@code ParamMap} class without methods; nothing for null. */
    private ClassLoader loader(String mllibVersion) throws Exception {
        if (mllibVersion != null) {
            byte[] paramMap = new ByteBuddy().subclass(Object.class).name("org.apache.spark.ml.param.ParamMap")
                    .make().getBytes();
            Path file = dir.resolve("org/apache/spark/ml/param/ParamMap.class");
            Files.createDirectories(file.getParent());
            Files.write(file, paramMap);
            Path pom = dir.resolve("META-INF/maven/org.apache.spark/spark-mllib_2.12/pom.properties");
            Files.createDirectories(pom.getParent());
            Files.writeString(pom, "version=" + mllibVersion + "\n");
        }
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }
}
