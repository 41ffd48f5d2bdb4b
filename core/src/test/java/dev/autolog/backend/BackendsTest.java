package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.autolog.config.AutologConfig;
import dev.autolog.logging.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsTest {

    @Test
    void pathsAndFileUrisNameALocalStore() {
        assertEquals(Paths.get("./mlruns"), Backends.localPath("./mlruns"));
        assertEquals(Paths.get("/data/mlruns"), Backends.localPath("/data/mlruns"));
        assertEquals(Paths.get("/data/mlruns"), Backends.localPath("file:///data/mlruns"));
        assertEquals(Paths.get("./mlruns"), Backends.localPath("file:./mlruns"));
        assertEquals(Paths.get("C:\\runs"), Backends.localPath("C:\\runs"));
    }

    @Test
    void otherSchemesAreNotLocal() {
        assertNull(Backends.localPath("http://localhost:5000"));
        assertNull(Backends.localPath("https://mlflow.example"));
    }

    @Test
    void messagesNeverShowCredentialsOfTheUri() {
        assertEquals("http://***@mlflow:5000/x", Backends.redacted("http://bob:s3cret@mlflow:5000/x"));
        assertEquals("https://***@mlflow", Backends.redacted("https://token@mlflow"));
        assertEquals("http://mlflow:5000/a@b", Backends.redacted("http://mlflow:5000/a@b"));
        assertEquals("./mlruns", Backends.redacted("./mlruns"));
    }

    @Test
    void anUnsupportedTrackingUriIsSaidInOneLineNamingWhereRunsGoInstead() {
        Path instead = Paths.get("mlruns").toAbsolutePath();
        for (String uri : List.of("databricks", "databricks://profile", "sqlite:///mlflow.db", "s3://bucket/runs")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream before = Diagnostics.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
            Backend backend;
            try {
                backend = Backends.create(AutologConfig.defaults().with("autolog.tracking.uri", uri));
            } finally {
                Diagnostics.setOutput(before);
            }
            assertEquals("autolog: tracking URI " + uri + " is not supported (accepted: a directory path, a file: URI);"
                    + " runs go to " + instead + " instead" + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
            assertEquals(new LocalStore(instead).describe(), backend.describe());
        }
    }
}
