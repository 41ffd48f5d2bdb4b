package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API on a store written by {@link LocalStore}, without HTTP. */
class UiApiTest {
    private static final String RUN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;
    private UiApi api;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void storeWithOneRun() throws Exception {
        LocalStore store = new LocalStore(dir.resolve("mlruns"));
        store.createRun(new NewRun(RUN, "Default", "r1", 1000, "me", Map.of()));
        store.logArtifact(RUN, "notes/readme.txt", "hello".getBytes(StandardCharsets.UTF_8));
        store.logArtifact(RUN, "page.html", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("secret.txt"), "secret");
        api = new UiApi(new Store(dir.resolve("mlruns"), warnings::add));
    }

    private UiApi.Response artifact(String path) throws Exception {
        return api.answer("artifact", Map.of("id", RUN, "path", path));
    }

    @Test
    void servesArtifactsInsideTheRunWithTypesABrowserWillNotRun() throws Exception {
        UiApi.Response text = artifact("notes/readme.txt");
        assertEquals(200, text.status());
        assertEquals("text/plain; charset=utf-8", text.contentType());
        assertEquals("hello", Files.readString(text.file()));
        assertEquals("application/octet-stream", artifact("page.html").contentType());
    }

    @Test
    void refusesPathsThatLeaveTheArtifactsIncludingThroughASymbolicLink() throws Exception {
        Path artifacts = dir.resolve("mlruns/0").resolve(RUN).resolve("artifacts");
        Files.createSymbolicLink(artifacts.resolve("link.txt"), dir.resolve("secret.txt"));
        for (String path : List.of("../meta.yaml", "notes/../../meta.yaml", "..\\\\meta.yaml", "link.txt")) {
            UiApi.Response r = artifact(path);
            assertEquals(400, r.status(), path);
            assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("leaves the run's artifacts"), path);
        }
        assertEquals(404, artifact("nope.txt").status());
        assertEquals(404, artifact("").status());
    }

    @Test
    void theRunCarriesItsDatasetsWithASchemaSummary() throws Exception {
        new LocalStore(dir.resolve("mlruns")).logInputs(RUN, List.of(new DatasetInput("<script>x</script>", "0a1b2c3d",
                "local", "{\"uri\": \"/d.csv\"}", "{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"f0\"}]}",
                "{\"num_rows\": 2}", "training")));
        String body = new String(api.answer("run", Map.of("id", RUN)).body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"datasets\":[{\"name\":\"\\u003cscript\\u003ex\\u003c/script\\u003e\",\"digest\":\"0a1b2c3d\",\"context\":"
                + "\"training\",\"source_type\":\"local\",\"source\":\"{\\\"uri\\\": \\\"/d.csv\\\"}\",\"schema\":"
                + "\"{\\\"mlflow_colspec\\\": [{\\\"type\\\": \\\"double\\\", \\\"name\\\": \\\"f0\\\"}]}\","
                + "\"profile\":\"{\\\"num_rows\\\": 2}\",\"schema_summary\":\"f0:double\"}]"), body);
    }

    @Test
    void unknownRunsAndEndpointsAreJsonErrors() throws Exception {
        UiApi.Response r = api.answer("run", Map.of("id", "ffffffffffffffffffffffffffffffff"));
        assertEquals(404, r.status());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).startsWith("{\"error\":\"no run 'ffff"));
        assertEquals(400, api.answer("run", Map.of()).status());
        assertEquals(404, api.answer("nope", Map.of()).status());
    }

    @Test
    void aRunWithAMalformedMetaIsSkippedWithOneWarningAndTheRestIsServed() throws Exception {
        Path broken = dir.resolve("mlruns/0/fedcba9876543210fedcba9876543210");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("meta.yaml"), "run_id: [\n");
        UiApi.Response runs = api.answer("runs", Map.of());
        assertEquals(200, runs.status());
        assertTrue(new String(runs.body(), StandardCharsets.UTF_8).startsWith("{\"total\":1,\"runs\":[{\"run_id\":\""
                + RUN + "\""), new String(runs.body(), StandardCharsets.UTF_8));
        assertEquals(List.of("skipped " + broken + ": no readable meta.yaml (missing, malformed or being written)"),
                warnings);
    }

    @Test
    void runsFollowTheSearchFilterAndOrderAndAMalformedQueryIsAJsonErrorWithThePosition() throws Exception {
        String other = "fedcba9876543210fedcba9876543210";
        LocalStore writer = new LocalStore(dir.resolve("mlruns"));
        writer.createRun(new NewRun(other, "Default", "r2", 2000, "me", Map.of()));
        writer.logBatch(other, List.of(), List.of(new Param("max_depth", "6")), List.of());
        writer.logBatch(RUN, List.of(), List.of(new Param("max_depth", "3")), List.of());

        String deep = new String(api.answer("runs", Map.of("filter", "params.max_depth = '6'")).body(),
                StandardCharsets.UTF_8);
        assertTrue(deep.startsWith("{\"total\":1,\"runs\":[{\"run_id\":\"" + other + "\""), deep);
        String ordered = new String(api.answer("runs", Map.of("order_by", "params.max_depth")).body(),
                StandardCharsets.UTF_8);
        assertTrue(ordered.indexOf(RUN) < ordered.indexOf(other), ordered);

        UiApi.Response bad = api.answer("runs", Map.of("filter", "params.max_depth = 6"));
        assertEquals(400, bad.status());
        assertEquals("{\"error\":\"filter \\\"params.max_depth = 6\\\": at position 20: expected a quoted text"
                + " (params and attributes are text: write params.max_depth = 'value'), found '6'\"}",
                new String(bad.body(), StandardCharsets.UTF_8));
    }
}
