package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.channels.Channels;
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
        try (InputStream in = Channels.newInputStream(text.file())) {
            assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("application/octet-stream", artifact("page.html").contentType());
    }

    @Test
    void refusesPathsThatLeaveTheArtifactsAndAnswersALinkOutsideAsAMissingFile() throws Exception {
        Path artifacts = dir.resolve("mlruns/0").resolve(RUN).resolve("artifacts");
        Files.createSymbolicLink(artifacts.resolve("link.txt"), dir.resolve("secret.txt"));
        for (String path : List.of("../meta.yaml", "notes/../../meta.yaml", "..\\\\meta.yaml")) {
            UiApi.Response r = artifact(path);
            assertEquals(400, r.status(), path);
            assertEquals("{\"error\":\"artifact path '" + path.replace("\\", "\\\\") + "' must stay inside the run's"
                    + " artifacts ('/'-separated names, no '..', '\\\\' or NUL)\"}",
                    new String(r.body(), StandardCharsets.UTF_8), path);
        }
        for (String path : List.of("link.txt", "nope.txt", "")) {
            UiApi.Response r = artifact(path);
            assertEquals(404, r.status(), path);
            assertEquals("{\"error\":\"no artifact '" + path + "' in run " + RUN + "\"}",
                    new String(r.body(), StandardCharsets.UTF_8), path);
        }
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
        assertTrue(new String(runs.body(), StandardCharsets.UTF_8).startsWith("{\"total\":1,\"offset\":0,\"limit\":100,\"columns\":[],"
                + "\"runs\":[{\"run_id\":\"" + RUN + "\""), new String(runs.body(), StandardCharsets.UTF_8));
        assertEquals(List.of("skipped " + broken + ": its meta.yaml names run '[', not its folder's name"),
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
        assertTrue(deep.startsWith("{\"total\":1,\"offset\":0,\"limit\":100,\"columns\":[],\"runs\":[{\"run_id\":\""
                + other + "\""), deep);
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

    /** The run ids of an answer, in its order. */
    private static List<String> ids(String body) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\"run_id\":\"([0-9a-f]{32})\"").matcher(body);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String id(int i) {
        return String.format("%032x", i + 1);
    }

    /** Runs 0..count-1: start time 10000 + i, param i, param depth i % 7, metric score i / 1000 (i 5 has none). */
    private LocalStore writeSweep(int count) throws Exception {
        LocalStore writer = new LocalStore(dir.resolve("mlruns"));
        for (int i = 0; i < count; i++) {
            writer.createRun(new NewRun(id(i), "Default", "run-" + i, 10_000 + i, "me", Map.of()));
            writer.logBatch(id(i), i == 5 ? List.of() : List.of(new Metric("score", i / 1000.0, 1, 0)),
                    List.of(new Param("i", String.valueOf(i)), new Param("depth", String.valueOf(i % 7))), List.of());
        }
        return writer;
    }

    @Test
    void runsArePagedThroughEveryRunWithOffsetLimitAndTheTotal() throws Exception {
        writeSweep(1001);
        List<String> newestFirst = new ArrayList<>();
        for (int i = 1000; i >= 0; i--) {
            newestFirst.add(id(i));
        }
        newestFirst.add(RUN);
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 1002; offset += 1000) {
            String page = body("runs", Map.of("offset", String.valueOf(offset), "limit", "1000"));
            assertTrue(page.startsWith("{\"total\":1002,\"offset\":" + offset + ",\"limit\":1000,"), page);
            paged.addAll(ids(page));
        }
        assertEquals(newestFirst, paged);

        // ordered by a metric, ascending, then the runs without it (run 5, then the first run: newest first)
        assertEquals(List.of(id(997), id(998), id(999), id(1000), id(5), RUN), ids(body("runs",
                Map.of("order_by", "metrics.score", "offset", "996", "limit", "10"))));
    }

    @Test
    void columnsCarryWhatRunsListColumnsPrintsAndEachMetricColumnsBest() throws Exception {
        LocalStore writer = writeSweep(3);
        writer.logBatch(id(2), List.of(new Metric("score", 0.9, 2, 1), new Metric("test-logloss", 0.7, 1, 0),
                new Metric("test-logloss", 0.4, 2, 1), new Metric("test-logloss", 0.5, 3, 2)), List.of(),
                List.of(new Tag("note", "a \"quoted\" <b>")));
        String columns = "params.depth,metrics.score,metrics.test-logloss,tags.note,status,start_time";
        String api = body("runs", Map.of("columns", columns, "order_by", "start_time DESC", "limit", "3"));
        String cli = Printed.run(RunsCommand.command(), dir.resolve("mlruns"), "list", "--columns", columns,
                "--format", "json", "--limit", "3").out().strip();
        Matcher rows = Pattern.compile("\\{\"run_id\":\"([0-9a-f]{32})\",\"run_name\":\"[^\"]*\",([^}]*)}").matcher(cli);
        int found = 0;
        while (rows.find()) {
            assertTrue(api.contains("\"values\":{" + rows.group(2) + "}"), rows.group() + " in " + api);
            found++;
        }
        assertEquals(3, found, cli);
        assertTrue(api.contains("\"values\":{\"params.depth\":\"2\",\"metrics.score\":0.9,"
                + "\"metrics.test-logloss\":0.5,\"tags.note\":\"a \\\"quoted\\\""
                + " \\u003cb\\u003e\",\"attributes.status\":\"RUNNING\",\"attributes.start_time\":10002},"
                + "\"best\":{\"metrics.score\":0.002,\"metrics.test-logloss\":0.4}"), api);
        assertTrue(api.startsWith("{\"total\":4,\"offset\":0,\"limit\":3,\"columns\":[\"params.depth\","
                + "\"metrics.score\",\"metrics.test-logloss\",\"tags.note\","
                + "\"attributes.status\",\"attributes.start_time\"],"), api);
    }

    /** A diverged loss is "NaN", not a blank cell that reads as "never logged"; runs list --format json agrees. */
    @Test
    void nonFiniteMetricValuesAreTheirNamesInTheRunsAndTheirBest() throws Exception {
        LocalStore writer = new LocalStore(dir.resolve("mlruns"));
        writer.logBatch(RUN, List.of(new Metric("loss", 0.5, 1, 0), new Metric("loss", Double.NaN, 2, 1),
                new Metric("grad", Double.NEGATIVE_INFINITY, 1, 0), new Metric("gain", Double.POSITIVE_INFINITY, 1, 0)),
                List.of(), List.of());
        String columns = "metrics.loss,metrics.grad,metrics.gain";
        String api = body("runs", Map.of("columns", columns));
        String cli = Printed.run(RunsCommand.command(), dir.resolve("mlruns"), "list", "--columns", columns,
                "--format", "json").out().strip();

        String values = "\"metrics.loss\":\"NaN\",\"metrics.grad\":\"-Infinity\",\"metrics.gain\":\"Infinity\"";
        assertTrue(api.contains("\"values\":{" + values + "},\"best\":{\"metrics.loss\":0.5,"
                + "\"metrics.grad\":\"-Infinity\",\"metrics.gain\":\"Infinity\"}"), api);
        assertTrue(cli.contains("\"run_name\":\"r1\"," + values + "}"), cli);
    }

    @Test
    void keysAreTheDistinctKeysOfTheFilteredRunsSorted() throws Exception {
        LocalStore writer = writeSweep(3);
        writer.logBatch(id(0), List.of(new Metric("only-0", 1, 1, 0)), List.of(new Param("a b", "1")),
                List.of(new Tag("team", "a")));
        assertEquals("{\"params\":[\"a b\",\"depth\",\"i\"],"
                + "\"metrics\":[\"only-0\",\"score\"],\"tags\":[\"mlflow.runName\",\"mlflow.user\",\"team\"],"
                + "\"attributes\":[\"artifact_uri\",\"end_time\",\"run_id\",\"run_name\",\"start_time\",\"status\","
                + "\"user_id\"],\"runs_read\":3,\"total\":3,\"truncated\":false}",
                body("keys", Map.of("filter", "params.i LIKE '%'")));
        assertTrue(body("keys", Map.of("filter", "params.i != '0'")).startsWith("{\"params\":[\"depth\",\"i\"],"
                + "\"metrics\":[\"score\"],"));
    }

    @Test
    void valuesGiveTheColumnsOfEveryMatchingRunAndBrushesKeepTheRunsInsideEveryOne() throws Exception {
        writeSweep(30);
        String all = body("values", Map.of("columns", "params.depth,metrics.score", "filter", "params.i LIKE '%'"));
        assertTrue(all.startsWith("{\"total\":30,\"columns\":[\"params.depth\",\"metrics.score\"],\"runs\":"
                + "[{\"run_id\":\"" + id(29) + "\",\"run_name\":\"run-29\",\"values\":[\"1\",0.029]},"), all);
        assertEquals(30, ids(all).size());
        String page = body("runs", Map.of("offset", "28"));
        assertTrue(page.startsWith("{\"total\":31,\"offset\":28,\"limit\":100,\"columns\":[],\"runs\":["), page);
        assertEquals(List.of(id(1), id(0), RUN), ids(page));
        assertEquals(List.of(), ids(body("runs", Map.of("offset", "5000"))));

        // depth 2..3 as numbers, score in [0.010, 0.020] or [0.023, 0.0235]: runs 10, 16, 17, 23
        String brush = "params.depth:r:2:3," + enc("metrics.score") + ":r:0.020:0.010:0.023:0.0235";
        assertEquals(List.of(id(23), id(17), id(16), id(10)), ids(body("values", Map.of("columns", "params.i",
                "brush", brush))));
        assertEquals(List.of(id(23), id(17), id(16), id(10)), ids(body("runs", Map.of("brush", brush))));
        // categories: depth is '0' or '6' (text); run 5 has no score, so it is outside any score range
        assertEquals(List.of(id(20), id(14), id(13), id(7), id(6)), ids(body("values", Map.of("brush",
                "params.depth:c:0:6," + enc("metrics.score") + ":r:0.005:0.02"))));
    }

    @Test
    void anIndexedStoreAnswersAsItsFilesDoAndAChangeShowsAfterTheNextRefresh() throws Exception {
        LocalStore writer = writeSweep(30);
        Store indexedStore = new Store(dir.resolve("mlruns"), warnings::add).indexed(0);
        UiApi indexed = new UiApi(indexedStore);
        String brush = "params.depth:r:2:3," + enc("metrics.score") + ":r:0.020:0.010:0.023:0.0235";
        List<Map<String, String>> queries = List.of(Map.of(), Map.of("offset", "28"),
                Map.of("filter", "metrics.score > 0.01", "order_by", "params.depth DESC, metrics.score",
                        "columns", "params.depth,metrics.score,status", "offset", "3", "limit", "7"),
                Map.of("order_by", "metrics.score DESC", "limit", "5"), Map.of("brush", brush, "columns", "params.i"));
        for (Map<String, String> q : queries) {
            for (int twice = 0; twice < 2; twice++) {
                assertEquals(withoutDurations(body("runs", q)), withoutDurations(answer(indexed, "runs", q)),
                        q.toString());
            }
        }
        assertEquals(body("keys", Map.of("filter", "params.i != '0'")), answer(indexed, "keys",
                Map.of("filter", "params.i != '0'")));
        assertEquals(body("values", Map.of("columns", "params.i", "brush", brush)), answer(indexed, "values",
                Map.of("columns", "params.i", "brush", brush)));
        assertEquals(body("experiments", Map.of()), answer(indexed, "experiments", Map.of()));

        writer.logBatch(id(3), List.of(new Metric("score", 0.5, 2, 1), new Metric("late", 1, 2, 0)), List.of(),
                List.of());
        indexedStore.index().refresh();
        assertEquals(List.of(id(3), id(29)), ids(answer(indexed, "runs", Map.of("order_by", "metrics.score DESC",
                "limit", "2"))));
        assertTrue(answer(indexed, "keys", Map.of("filter", "params.i != '0'")).contains(
                "\"metrics\":[\"late\",\"score\"]"));
    }

    private static String answer(UiApi api, String endpoint, Map<String, String> query) throws Exception {
        UiApi.Response r = api.answer(endpoint, query);
        assertEquals(200, r.status());
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** A running run's duration grows between two answers. */
    private static String withoutDurations(String body) {
        return body.replaceAll("\"duration_ms\":\\d+", "");
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void badParametersAreAnErrorNamingWhatIsAccepted() throws Exception {
        Map<Map<String, String>, String> cases = Map.of(
                Map.of("offset", "-1"), "offset '-1' is not accepted (accepted: a whole number, 0 or more)",
                Map.of("limit", "1001"), "limit '1001' is not accepted (accepted: a whole number, 1 to 1000)",
                Map.of("limit", "ten"), "limit 'ten' is not accepted (accepted: a whole number, 1 to 1000)",
                Map.of("page", "2"), "unknown parameter 'page' for /api/runs (accepted: experiment, filter, order_by,"
                        + " brush, columns, offset, limit)",
                Map.of("columns", "params.a,,status"), "columns \"params.a,,status\": at position 10: expected a"
                        + " column such as params.max_depth, metrics.auc, tags.x or status",
                Map.of("brush", "params.a:r:1"), "brush 'params.a:r:1': expected pairs of low and high (accepted: "
                        + Brush.ACCEPTED + ")",
                Map.of("brush", "params.a:r:1:0x10"), "brush 'params.a:r:1:0x10': '0x10' is not a number (accepted: "
                        + Brush.ACCEPTED + ")");
        for (Map.Entry<Map<String, String>, String> c : cases.entrySet()) {
            UiApi.Response r = api.answer("runs", c.getKey());
            assertEquals(400, r.status(), c.getKey().toString());
            assertEquals(Json.write(Map.of("error", c.getValue())), new String(r.body(), StandardCharsets.UTF_8));
        }
        assertEquals(400, api.answer("values", Map.of("limit", "10001")).status());
        assertEquals(400, api.answer("keys", Map.of("columns", "status")).status());
        assertEquals(200, api.answer("runs", Map.of("token", "t")).status());
    }

    @Test
    void aQuotedColumnKeyMayHoldCommas() {
        assertEquals(List.of(new SearchField(SearchField.Kind.PARAM, "a,b"), new SearchField(SearchField.Kind.TAG,
                "it's")), SearchParser.columns("params.`a,b`, tags.it's"));
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
    void preparingARunParsesItsMetricFilesForThePagesRequestsAndABadIdIsLeftToThem() throws Exception {
        new LocalStore(dir.resolve("mlruns")).logBatch(RUN, curve(0, 5000), List.of(), List.of());
        SortedSeries prepared = api.prepare(RUN).get().get("loss");
        assertEquals(5000, prepared.size());
        Path file = new Store(dir.resolve("mlruns"), warnings::add).reader().metricFiles(RUN).get("loss");
        assertSame(prepared, api.cache.get("loss", file, false));
        assertEquals(Map.of(), api.prepare("ffffffffffffffffffffffffffffffff").get());
        assertEquals(Map.of(), api.prepare("../../etc").get());
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
