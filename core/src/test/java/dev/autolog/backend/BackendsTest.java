package dev.autolog.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.autolog.config.AutologConfig;
import dev.autolog.logging.Said;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
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
    void fileUrisAreReadAsMlflowReadsThemWithEscapesDecodedAndSpacesKept() {
        assertEquals(Paths.get("./my runs"), Backends.localPath("file:./my%20runs"));
        assertEquals(Paths.get("/data/my runs"), Backends.localPath("file:/data/my%20runs"));
        assertEquals(Paths.get("/data/my runs"), Backends.localPath("file:///data/my runs"));
        assertEquals(Paths.get("/data/my runs"), Backends.localPath("file://localhost/data/my runs"));
        assertEquals(Paths.get("/data/\u732b+1"), Backends.localPath("file:///data/%E7%8C%AB+1?x=1#y"));
        assertEquals(Paths.get("/data/100%"), Backends.localPath("file:///data/100%"));
        assertNull(Backends.localPath("file://host/my runs"));
    }

    @Test
    void aLeadingTildeIsTheUsersHomeAsAShellWouldHaveExpandedIt() {
        String home = System.getProperty("user.home");
        assertEquals(Paths.get(home, "mlruns"), Backends.localPath("~/mlruns"));
        assertEquals(Paths.get(home), Backends.localPath("~"));
        assertEquals(Paths.get("~other/mlruns"), Backends.localPath("~other/mlruns"));
        assertEquals(Paths.get("runs/~/x"), Backends.localPath("runs/~/x"));
    }

    @Test
    void otherSchemesAreNotLocal() {
        assertNull(Backends.localPath("http://localhost:5000"));
        assertNull(Backends.localPath("https://mlflow.example"));
    }

    @Test
    void aFileUriWithAHostIsNotLocalUnlessTheHostIsLocalhost() {
        assertNull(Backends.localPath("file://host/x"));
        assertNull(Backends.localPath("file://user@host:22/x"));
        assertEquals(Paths.get("/data/mlruns"), Backends.localPath("file://localhost/data/mlruns"));
    }

    @Test
    void aFileUriWithAHostIsSaidInOneLineAndRunsGoToTheLocalMlruns() {
        Path instead = Paths.get("mlruns").toAbsolutePath();
        List<String> said = new ArrayList<>();
        Backend backend = created("file://host/x", said);

        assertEquals(List.of("autolog: tracking URI file://host/x is not supported (a file: URI with a host names a"
                + " directory on another machine; accepted: a directory path, a file: URI); runs go to " + instead
                + " instead"), said);
        assertEquals(new LocalStore(instead).describe(), backend.describe());
    }

    private static Backend created(String uri, List<String> said) {
        Backend[] backend = new Backend[1];
        said.addAll(Said.during(
                () -> backend[0] = Backends.create(AutologConfig.defaults().with("autolog.tracking.uri", uri))));
        return backend[0];
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
            List<String> said = new ArrayList<>();
            Backend backend = created(uri, said);
            assertEquals(List.of("autolog: tracking URI " + uri + " is not supported (accepted: a directory path, a"
                    + " file: URI); runs go to " + instead + " instead"), said);
            assertEquals(new LocalStore(instead).describe(), backend.describe());
        }
    }
}
