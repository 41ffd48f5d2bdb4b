package dev.autolog.it;

import static dev.autolog.it.StoreAssertions.assertNoAgentErrors;
import static dev.autolog.it.StoreAssertions.runs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.backend.LocalStoreReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's Byte Buddy and the engine never replace an application's own libraries. */
class IsolationTest {
    @TempDir
    Path dir;

    @Test
    void applicationKeepsItsOwnByteBuddyAndJacksonWhileTrainingIsTracked() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withFramework("xgboost-3.0.4")
                .classPath(ForkedJvm.FRAMEWORKS.resolve("app-libs") + "/*")
                .in(dir).store(dir.resolve("mlruns")).run("dev.autolog.it.fixtures.IsolationApp");

        assertNoAgentErrors(result);
        List<String[]> from = result.lines("FROM");
        assertTrue(from.get(0)[1].endsWith("byte-buddy-1.14.12.jar"), result::toString);
        assertTrue(from.get(1)[1].endsWith("jackson-databind-2.15.0.jar"), result::toString);
        assertEquals("2.15.0", result.first("JACKSON"));
        assertEquals("true", result.first("BYTEBUDDY_WORKS"));
        assertEquals(1, runs(new LocalStoreReader(dir.resolve("mlruns"))).size());
    }
}
