package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Paths;
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
}
