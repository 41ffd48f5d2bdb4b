package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        assertEquals("hello", new String(text.body(), StandardCharsets.UTF_8));
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

    /** A curve of {@code n} points, step i at time 5000 + 2i, with a NaN at step 10 and +inf at step 20. */
    private List<Metric> curve(int from, int n) {
        List<Metric> points = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            double v = i == 10 ? Double.NaN : i == 20 ? Double.POSITIVE_INFINITY : Math.sin(i / 50.0) + 1.0 / (i + 1);
            points.add(new Metric("loss", v, 5000 + 2L * i, i));
        }
        return points;
    }

    private String body(String endpoint, Map<String, String> query) throws Exception {
        UiApi.Response r = api.answer(endpoint, query);
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(200, r.status(), body);
        return body;
    }

    private static List<String> array(String body, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\[([^\\]]*)\\]").matcher(body);
        assertTrue(m.find(), name + " in " + body);
        return List.of(m.group(1).split(","));
    }

    @Test
    void metricsAreDownsampledToThePointsAskedWithTheFullCountAndTheNonFiniteValuesMarked() throws Exception {
        new LocalStore(dir.resolve("mlruns")).logBatch(RUN, curve(0, 5000), List.of(), List.of());
        String body = body("metrics", Map.of("id", RUN, "points", "100"));
        assertTrue(body.startsWith("{\"run_id\":\"" + RUN + "\",\"first_time\":5000,\"x\":\"step\",\"metrics\":{\"loss\":"
                + "{\"count\":5000,\"shown\":"), body);
        List<String> steps = array(body, "step");
        // 100 finite points (the greatest and the least in buckets of their own) and the NaN and +inf runs
        assertEquals(102, steps.size(), body);
        assertEquals(List.of("0", "4999"), List.of(steps.get(0), steps.get(steps.size() - 1)));
        List<String> values = array(body, "value");
        assertEquals(List.of("\"NaN\"", "\"Infinity\""), List.of(values.get(steps.indexOf("10")),
                values.get(steps.indexOf("20"))));
        assertTrue(body.contains("\"nonfinite\":{"), body);
        assertTrue(body.contains("\"nan\":1") && body.contains("\"inf\":1") && body.contains("\"-inf\":0"), body);
        assertTrue(array(body("metrics", Map.of("id", RUN)), "step").size() > 1000 - 1);
    }

    @Test
    void theHoverPointIsTheFilesOwnPointNearestTheCursorInStepOrTime() throws Exception {
        new LocalStore(dir.resolve("mlruns")).logBatch(RUN, curve(0, 5000), List.of(), List.of());
        List<String> lines = Files.readAllLines(dir.resolve("mlruns/0").resolve(RUN).resolve("metrics/loss"));
        String line = lines.get(1234);
        String[] parts = line.split(" ");
        assertEquals("{\"key\":\"loss\",\"count\":5000,\"points\":[{\"step\":1234,\"time\":" + parts[0]
                + ",\"value\":" + parts[1] + ",\"index\":1234}]}", body("metric-point", Map.of("id", RUN, "key",
                "loss", "at", "1234.4")));
        assertTrue(body("metric-point", Map.of("id", RUN, "key", "loss", "at", "1233.6")).contains("\"step\":1234,"));
        // time 5000 + 2i: 7468.9 is nearest to step 1234's 7468 than to 1235's 7470
        assertTrue(body("metric-point", Map.of("id", RUN, "key", "loss", "x", "time", "at", "7468.9"))
                .contains("\"step\":1234,"));
        assertTrue(body("metric-point", Map.of("id", RUN, "key", "loss", "at", "10")).contains("\"value\":\"NaN\""));
        assertTrue(body("metric-point", Map.of("id", RUN, "key", "loss", "at", "-5")).contains("\"step\":0,"));
        assertTrue(body("metric-point", Map.of("id", RUN, "key", "loss", "at", "1e9")).contains("\"step\":4999,"));
    }

    @Test
    void theChartFollowsTheFileWhenItGrowsAndStepsOutOfOrderAreSorted() throws Exception {
        LocalStore store = new LocalStore(dir.resolve("mlruns"));
        store.logBatch(RUN, curve(100, 50), List.of(), List.of());
        assertTrue(body("metrics", Map.of("id", RUN)).contains("\"count\":50,"));
        store.logBatch(RUN, curve(0, 50), List.of(), List.of());
        String body = body("metrics", Map.of("id", RUN));
        assertTrue(body.contains("\"count\":100,"), body);
        List<String> steps = array(body, "step");
        assertEquals(List.of("0", "1", "149"), List.of(steps.get(0), steps.get(1), steps.get(99)));
        assertTrue(body("run", Map.of("id", RUN)).contains("\"key\":\"loss\",\"latest\":"), body);
    }

    @Test
    void smoothingIsTheDebiasedMovingAverageOfTheWholeSeriesAtTheDrawnPoints() throws Exception {
        List<Metric> curve = curve(0, 3000);
        new LocalStore(dir.resolve("mlruns")).logBatch(RUN, curve, List.of(), List.of());
        double w = 0.9;
        double[] ema = new double[curve.size()];
        double last = 0;
        int finite = 0;
        for (int i = 0; i < curve.size(); i++) {
            double v = curve.get(i).value();
            if (Double.isFinite(v)) {
                last = last * w + (1 - w) * v;
                ema[i] = last / (1 - Math.pow(w, ++finite));
            } else {
                ema[i] = v;
            }
        }
        String body = body("metrics", Map.of("id", RUN, "points", "300", "smoothing", "0.9"));
        List<String> steps = array(body, "step");
        List<String> smoothed = array(body, "smoothed");
        assertEquals(steps.size(), smoothed.size());
        for (int k = 0; k < steps.size(); k++) {
            int step = Integer.parseInt(steps.get(k));
            if (Double.isFinite(ema[step])) {
                assertEquals(ema[step], Double.parseDouble(smoothed.get(k)), 1e-12, "step " + step);
            }
        }
        assertFalse(body("metrics", Map.of("id", RUN)).contains("smoothed"));
    }

    @Test
    void badChartParametersAre400WithOneLineNamingWhatIsAccepted() throws Exception {
        new LocalStore(dir.resolve("mlruns")).logBatch(RUN, curve(0, 10), List.of(), List.of());
        Map<Map<String, String>, String> bad = new LinkedHashMap<>();
        bad.put(Map.of("points", "abc"), "points 'abc' is not accepted: give a whole number from 3 to 10000 (about the"
                + " chart's width in pixels)");
        bad.put(Map.of("points", "2"), "points '2' is not accepted: give a whole number from 3 to 10000 (about the"
                + " chart's width in pixels)");
        bad.put(Map.of("points", "100.5"), "points '100.5' is not accepted: give a whole number from 3 to 10000 (about"
                + " the chart's width in pixels)");
        bad.put(Map.of("smoothing", "1"), "smoothing '1' is not accepted: give a number from 0 to 0.99 (the weight of"
                + " the moving average)");
        bad.put(Map.of("smoothing", "NaN"), "smoothing 'NaN' is not accepted: give a number from 0 to 0.99 (the weight"
                + " of the moving average)");
        bad.put(Map.of("x", "wall"), "x 'wall' is not accepted: give x=step or x=time (relative time is time minus the"
                + " answer's first_time)");
        for (Map.Entry<Map<String, String>, String> e : bad.entrySet()) {
            Map<String, String> query = new LinkedHashMap<>(e.getKey());
            query.put("id", RUN);
            UiApi.Response r = api.answer("metrics", query);
            assertEquals(400, r.status(), e.getKey()::toString);
            assertEquals("{\"error\":\"" + e.getValue() + "\"}", new String(r.body(), StandardCharsets.UTF_8));
        }
        UiApi.Response noAt = api.answer("metric-point", Map.of("id", RUN, "key", "loss"));
        assertEquals(400, noAt.status());
        assertEquals("{\"error\":\"the query needs at=<number> (a step, or a time in ms since 1970)\"}",
                new String(noAt.body(), StandardCharsets.UTF_8).replace("\\u003c", "<").replace("\\u003e", ">"));
        assertEquals(400, api.answer("metric-point", Map.of("id", RUN, "at", "1")).status());
        assertEquals(400, api.answer("metric-point", Map.of("id", RUN, "key", "loss", "at", "x")).status());
        assertEquals(404, api.answer("metric-point", Map.of("id", RUN, "key", "nope", "at", "1")).status());
        assertEquals(404, api.answer("metrics", Map.of("id", RUN, "key", "nope")).status());
    }
}
