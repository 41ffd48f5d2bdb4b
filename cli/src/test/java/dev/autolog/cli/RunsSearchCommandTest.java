package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autolog.RunStatus;
import dev.autolog.backend.DatasetInput;
import dev.autolog.backend.LocalStore;
import dev.autolog.backend.Metric;
import dev.autolog.backend.NewRun;
import dev.autolog.backend.Param;
import dev.autolog.backend.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runs list --filter/--order-by/--columns/--format} and {@code runs best} in this JVM on a written store. */
class RunsSearchCommandTest {
    private static final String DEEP = "0123456789abcdef0123456789abcdef";
    private static final String SHALLOW = "fedcba9876543210fedcba9876543210";
    private static final String DIVERGED = "00000000000000000000000000000001";

    @TempDir
    Path store;

    @BeforeEach
    void writeThreeRuns() throws Exception {
        LocalStore writer = new LocalStore(store);
        writer.createRun(new NewRun(DEEP, "Default", "deep", 1000, "me", Map.of()));
        // the latest value is the greatest step's, not the last line's
        writer.logBatch(DEEP, List.of(new Metric("test-auc", 0.91, 1001, 1), new Metric("test-auc", 0.5, 1002, 0),
                new Metric("test-logloss", 0.3, 1001, 1)), List.of(new Param("max_depth", "6")),
                List.of(new Tag("note", "a, \"quoted\"\u001b[31m")));
        writer.endRun(DEEP, RunStatus.FINISHED, 5000);
        writer.createRun(new NewRun(SHALLOW, "Default", "shallow", 2000, "me", Map.of()));
        writer.logBatch(SHALLOW, List.of(new Metric("test-auc", 0.8, 2001, 0), new Metric("test-logloss", 0.2,
                2001, 0)), List.of(new Param("max_depth", "3")), List.of());
        writer.endRun(SHALLOW, RunStatus.FINISHED, 6000);
        writer.createRun(new NewRun(DIVERGED, "Default", "diverged", 3000, "me", Map.of()));
        writer.logBatch(DIVERGED, List.of(new Metric("test-auc", Double.NaN, 3001, 0), new Metric("test-logloss",
                Double.POSITIVE_INFINITY, 3001, 0)), List.of(new Param("max_depth", "12")), List.of());
    }

    @Test
    void runsAreFoundByTheDigestNameContextAndSourceOfAnyOfTheirDatasets() throws Exception {
        LocalStore writer = new LocalStore(store);
        writer.logInputs(DEEP, List.of(new DatasetInput("train", "0a1b2c3d", "local", "{\"uri\": \"/data/train.csv\"}",
                null, null, "training"), new DatasetInput("test", "99999999", "code", "{\"tags\": {}}", null, null,
                "test")));
        writer.logInputs(SHALLOW, List.of(new DatasetInput("train", "0a1b2c3d", "local",
                "{\"uri\": \"/data/train.csv\"}", null, null, "training")));
        writer.logInputs(DIVERGED, List.of(new DatasetInput("train", "ffff0000", "local",
                "{\"uri\": \"/data/train-v2.csv\"}", null, null, "training")));

        assertEquals("deep\r\nshallow\r\n", names(runs("list", "--filter", "datasets.digest = '0a1b2c3d'",
                "--order-by", "start_time", "--format", "csv")));
        assertEquals("deep\r\n", names(runs("list", "--filter", "datasets.digest = '99999999' and"
                + " datasets.context = 'test'", "--format", "csv")));
        assertEquals("diverged\r\n", names(runs("list", "--filter", "datasets.source LIKE '%train-v2.csv%'",
                "--format", "csv")));
        assertEquals("deep\r\nshallow\r\ndiverged\r\n", names(runs("list", "--filter",
                "dataset.source_type = 'local' and datasets.name IN ('train')", "--order-by", "start_time",
                "--format", "csv")));
        Printed ordered = runs("list", "--order-by", "datasets.name");
        assertEquals(2, ordered.exitCode());
        assertTrue(ordered.err().startsWith("autolog: --order-by \"datasets.name\": at position 1: runs cannot be"
                + " ordered by datasets.name (a run has several datasets)\n"), ordered.err());
    }

    private Printed runs(String... args) {
        return Printed.run(RunsCommand.command(), store, args);
    }

    @Test
    void listFiltersAndSortsByLatestMetricValuesWithNaNAndMissingLast() {
        assertEquals("deep\r\n", names(runs("list", "--filter", "metrics.`test-auc` > 0.85", "--format", "csv")));
        assertEquals("diverged\r\n", names(runs("list", "--filter", "metrics.`test-logloss` > 1e308 and"
                + " status = 'RUNNING'", "--format", "csv")));
        assertEquals("deep\r\nshallow\r\ndiverged\r\n", names(runs("list", "--order-by", "metrics.`test-auc` DESC",
                "--format", "csv")));
        assertEquals("shallow\r\ndeep\r\ndiverged\r\n", names(runs("list", "--order-by", "metrics.`test-auc`",
                "--format", "csv")));
        assertEquals("deep\r\nshallow\r\n", names(runs("list", "--filter", "params.max_depth LIKE '_'",
                "--order-by", "params.max_depth DESC", "--format", "csv", "--status",
                "finished")));
    }

    @Test
    void aWarmIndexCacheSeesAReplacedMetricFileInTheFilterAndANewTagInTheRowsShownOfEndedRuns() throws Exception {
        StoreIndexTest.ageAll(store);
        String query = "metrics.`test-auc` > 0.85";
        assertEquals("deep,FINISHED\r\n", rows(runs("list", "--filter", query, "--columns", "status", "--format",
                "csv")));

        LocalStore writer = new LocalStore(store);
        writer.logBatch(DEEP, List.of(), List.of(), List.of(new Tag("note", "retagged")));
        Path auc = store.resolve("0").resolve(SHALLOW).resolve("metrics/test-auc");
        Path rewritten = Files.writeString(auc.resolveSibling(".test-auc.tmp"), "2001 0.95 0\n");
        Files.move(rewritten, auc, StandardCopyOption.REPLACE_EXISTING);

        assertEquals("shallow,,FINISHED\r\ndeep,retagged,FINISHED\r\n", rows(runs("list", "--filter", query,
                "--columns", "tags.note,status", "--format", "csv")));
        String summaries = runs("list", "--filter", query, "--format", "json").out();
        assertTrue(summaries.contains("\"note\":\"retagged\"") && summaries.contains("\"test-auc\":0.95"),
                summaries);
        assertEquals("shallow,0.95\r\n", rows(runs("best", "--metric", "test-auc", "--format", "csv")));
    }

    @Test
    void aWarmIndexCacheSeesAMetricAppendedInPlaceAStatusRewrittenInPlaceAndARemovedRun() throws Exception {
        StoreIndexTest.ageAll(store);
        String query = "metrics.`test-auc` > 0.85";
        String order = "metrics.`test-auc` DESC";
        assertEquals("deep,FINISHED\r\n", rows(runs("list", "--filter", query, "--order-by", order, "--columns",
                "status", "--format", "csv")));
        Path run = store.resolve("0").resolve(SHALLOW);
        long folderTime = Files.getLastModifiedTime(run.resolve("metrics")).toMillis();

        // as MLflow's log_metric on an ended run: appended to the file, the metrics folder's time unchanged
        Files.writeString(run.resolve("metrics/test-auc"), "2002 0.97 1\n", StandardOpenOption.APPEND);
        Path deepMeta = store.resolve("0").resolve(DEEP).resolve("meta.yaml");
        String meta = Files.readString(deepMeta);
        String failed = meta.replace("status: " + RunStatus.FINISHED.code(), "status: " + RunStatus.FAILED.code());
        Files.writeString(deepMeta, failed, StandardOpenOption.TRUNCATE_EXISTING); // in place, same size
        StoreIndexTest.deleteTree(store.resolve("0").resolve(DIVERGED));

        assertEquals(folderTime, Files.getLastModifiedTime(run.resolve("metrics")).toMillis());
        assertEquals(meta.length(), failed.length());
        assertEquals("shallow,FINISHED\r\ndeep,FAILED\r\n", rows(runs("list", "--filter", query, "--order-by",
                order, "--columns", "status", "--format", "csv")));
        assertEquals("deep\r\n", names(runs("list", "--filter", "status = 'FAILED'", "--format", "csv")));
        assertEquals("shallow\r\ndeep\r\n", names(runs("list", "--format", "csv")));
        assertEquals("shallow,0.97\r\n", rows(runs("best", "--metric", "test-auc", "--format", "csv")));
    }

    /** The records of a CSV after its header, without the run ids. */
    private static String rows(Printed p) {
        assertEquals(0, p.exitCode(), p.err());
        return p.out().substring(p.out().indexOf("\r\n") + 2).replaceAll("(?m)^[0-9a-f]{32},", "");
    }

    /** The run names of a CSV, one a line. */
    private static String names(Printed p) {
        return rows(p).replaceAll(",[^\r]*", "");
    }

    @Test
    void columnsAsCsvFollowRfc4180WithTerminalSafeValuesAndAsJsonWithNumbers() {
        Printed csv = runs("list", "--columns", "params.max_depth,metrics.test-auc,tags.note,attributes.status,"
                + "end_time", "--format", "csv", "--order-by", "start_time");
        assertEquals("run_id,run_name,params.max_depth,metrics.test-auc,tags.note,attributes.status,"
                + "attributes.end_time\r\n"
                + DEEP + ",deep,6,0.91,\"a, \"\"quoted\"\"\\e[31m\",FINISHED,5000\r\n"
                + SHALLOW + ",shallow,3,0.8,,FINISHED,6000\r\n"
                + DIVERGED + ",diverged,12,NaN,,RUNNING,\r\n", csv.out());
        Printed json = runs("list", "--columns", "metrics.test-auc,metrics.test-logloss,tags.note", "--format",
                "json", "--filter", "run_name != 'shallow'");
        assertEquals("[{\"run_id\":\"" + DIVERGED + "\",\"run_name\":\"diverged\",\"metrics.test-auc\":\"NaN\","
                + "\"metrics.test-logloss\":\"Infinity\",\"tags.note\":null},{\"run_id\":\"" + DEEP + "\",\"run_name\":"
                + "\"deep\",\"metrics.test-auc\":0.91,\"metrics.test-logloss\":0.3,\"tags.note\":"
                + "\"a, \\\"quoted\\\"\\u001b[31m\"}]\n", json.out());
        String table = runs("list", "--columns", "metrics.test-logloss,start_time").out();
        assertTrue(table.lines().anyMatch(l -> l.matches(DIVERGED.substring(0, 8)
                + "\\s+diverged\\s+Infinity\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d")), table);
    }

    @Test
    void aMalformedQueryIsOneLineWithThePositionAndExitCode2() {
        Printed p = runs("list", "--filter", "metrics.test-auc > 0.9");
        assertEquals(ExitCode.USAGE, p.exitCode());
        assertEquals("autolog: --filter \"metrics.test-auc > 0.9\": at position 13: expected a comparison (=, !=, <,"
                + " <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL); a key with '-' must be quoted, e.g."
                + " metrics.`train-logloss`, found '-auc > 0.9'", p.err().lines().findFirst().orElseThrow());
        assertEquals("", p.out());
        Printed order = runs("list", "--order-by", "metrics.auc downwards");
        assertEquals(ExitCode.USAGE, order.exitCode());
        assertTrue(order.err().startsWith("autolog: --order-by \"metrics.auc downwards\": at position 13: expected"
                + " ASC, DESC"), order.err());
        assertEquals(ExitCode.USAGE, runs("list", "--format", "xml").exitCode());
    }

    @Test
    void bestTakesTheDirectionFromTheMetricNameUnlessToldAndFailsWhenNoRunHasIt() {
        assertEquals("run_id,run_name,metrics.test-auc\r\n" + DEEP + ",deep,0.91\r\n",
                runs("best", "--metric", "test-auc", "--format", "csv").out());
        assertEquals("run_id,run_name,metrics.test-logloss,params.max_depth\r\n" + SHALLOW + ",shallow,0.2,3\r\n",
                runs("best", "--metric", "test-logloss", "--format", "csv", "--columns", "params.max_depth").out());
        assertEquals("diverged,Infinity\r\n", rows(runs("best", "--metric", "test-logloss", "--max", "--format",
                "csv")));
        assertEquals("deep,0.91\r\n", rows(runs("best", "--metric", "test-auc", "--format", "csv", "--filter",
                "params.max_depth = '6'")));
        Printed none = runs("best", "--metric", "test-auc", "--filter", "params.max_depth = '12'");
        assertEquals(ExitCode.FAILED, none.exitCode());
        assertEquals("autolog: no run matching the filter has a value of metric 'test-auc' (see 'runs show <run>'"
                + " for the metrics of a run)\n", none.err());
    }
}
