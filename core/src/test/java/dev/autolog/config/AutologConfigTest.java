package dev.autolog.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutologConfigTest {

    private static final String KNOWN = "known keys: autolog.enabled, autolog.tracking.uri, autolog.experiment, "
            + "autolog.run.tags, autolog.log.models, autolog.log.model.signatures, autolog.log.input.examples, autolog.log.datasets, "
            + "autolog.registered.model.name, autolog.xgboost.log.feature.importance, autolog.debug, "
            + "autolog.flush.timeout, autolog.queue.capacity, autolog.config, autolog.mlflow.timeout, "
            + "autolog.mlflow.spool.dir, autolog.dl4j.idle.timeout, autolog.spark.max.tuning.runs, "
            + "autolog.system.metrics, autolog.system.metrics.interval, autolog.spark.ignore.packages, "
            + "autolog.spark.training.area.under.roc, autolog.agent.boot.class.path, "
            + "autolog.integration.<xgboost|spark|tribuo|smile|dl4j|djl>.enabled";

    private final List<String> warnings = new ArrayList<>();

    private AutologConfig load(String agentArgs, Properties props, Map<String, String> env) {
        return AutologConfig.load(agentArgs, props, env, warnings::add);
    }

    private AutologConfig load(String agentArgs) {
        return load(agentArgs, new Properties(), Map.of());
    }

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static Map<String, String> env(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static Path file(Path dir, String content) throws IOException {
        Path f = dir.resolve("autolog.properties");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Nested
    class Defaults {

        @Test
        void defaultsAreTheDocumentedValues() {
            AutologConfig c = AutologConfig.defaults();
            assertTrue(c.enabled());
            assertEquals("./mlruns", c.trackingUri());
            assertEquals("Default", c.experimentName());
            assertEquals(Map.of(), c.runTags());
            assertTrue(c.logModels());
            assertTrue(c.logModelSignatures());
            assertFalse(c.logInputExamples());
            assertTrue(c.logDatasets());
            assertNull(c.registeredModelName());
            assertTrue(c.xgboostLogFeatureImportance());
            assertFalse(c.debug());
            assertEquals(Duration.ofSeconds(10), c.flushTimeout());
            assertEquals(100_000, c.queueCapacity());
            for (String name : List.of("xgboost", "spark", "tribuo", "smile", "dl4j", "djl")) {
                assertTrue(c.integrationEnabled(name), name);
            }
        }

        @Test
        void modelSettingsAreReadAndARegisteredModelNameWithASeparatorIsOneWarning() {
            AutologConfig c = load("log.model.signatures=false,log.input.examples=true,registered.model.name=jvm xgb,"
                    + "log.datasets=false", props(), env());
            assertFalse(c.logDatasets());
            assertFalse(c.logModelSignatures());
            assertTrue(c.logInputExamples());
            assertEquals("jvm xgb", c.registeredModelName());
            for (String bad : List.of("team/xgb", "models:xgb", "a%b", "..")) {
                warnings.clear();
                assertNull(load("registered.model.name=" + bad, props(), env()).registeredModelName(), bad);
                assertEquals(List.of("ignoring autolog.registered.model.name=" + bad + ": a registered model name must "
                        + "not contain '/', ':', '%' or '\\' nor be '.' or '..'; models are logged but not registered"),
                        warnings);
            }
        }

        @Test
        void loadingWithNoSourcesGivesDefaultsAndNoWarnings() {
            AutologConfig c = load(null);
            assertEquals(AutologConfig.defaults().toString(), c.toString());
            assertEquals(List.of(), warnings);
        }

        @Test
        void nullSourcesAreTreatedAsEmpty() {
            AutologConfig c = AutologConfig.load(null, null, null, null);
            assertTrue(c.enabled());
        }

        @Test
        void emptyValuesCountAsUnset() {
            AutologConfig c = load("debug=", props("autolog.debug", "  "), env("AUTOLOG_DEBUG", "true"));
            assertTrue(c.debug());
            assertEquals(List.of(), warnings);
        }
    }

    @Nested
    class Precedence {

        @Test
        void agentArgumentBeatsSystemProperty() {
            AutologConfig c = load("autolog.experiment=fromArgs", props("autolog.experiment", "fromProps"),
                    env("AUTOLOG_EXPERIMENT", "fromEnv"));
            assertEquals("fromArgs", c.experimentName());
        }

        @Test
        void systemPropertyBeatsEnvironment() {
            AutologConfig c = load(null, props("autolog.experiment", "fromProps"),
                    env("AUTOLOG_EXPERIMENT", "fromEnv"));
            assertEquals("fromProps", c.experimentName());
        }

        @Test
        void environmentBeatsFile(@TempDir Path dir) throws IOException {
            Path f = file(dir, "autolog.experiment=fromFile\n");
            AutologConfig c = load(null, new Properties(),
                    env("AUTOLOG_EXPERIMENT", "fromEnv", "AUTOLOG_CONFIG", f.toString()));
            assertEquals("fromEnv", c.experimentName());
            assertEquals(List.of(), warnings);
        }

        @Test
        void fileBeatsDefault(@TempDir Path dir) throws IOException {
            Path f = file(dir, "autolog.experiment=fromFile\ndebug=true\n");
            AutologConfig c = load("config=" + f);
            assertEquals("fromFile", c.experimentName());
            assertTrue(c.debug());
            assertEquals(List.of(), warnings);
        }

        @Test
        void configFileKeyIsReadFromAgentArgsSystemPropertiesAndEnvironment(@TempDir Path dir) throws IOException {
            Path f = file(dir, "autolog.queue.capacity=42\n");
            assertEquals(42, load(null, props("autolog.config", f.toString()), Map.of()).queueCapacity());
            assertEquals(42, load(null, new Properties(), env("AUTOLOG_CONFIG", f.toString())).queueCapacity());
            assertEquals(42, load("autolog.config=" + f).queueCapacity());
            assertEquals(f.toString(), load("autolog.config=" + f).get("autolog.config"));
            assertEquals(List.of(), warnings);
        }

        @Test
        void configKeyInsideTheFileIsIgnoredWithAWarning(@TempDir Path dir) throws IOException {
            Path f = file(dir, "autolog.config=/other.properties\n");
            AutologConfig c = load("config=" + f);
            assertEquals(f.toString(), c.get("autolog.config"));
            assertEquals(List.of("ignoring autolog.config in file " + f + ": it can only be set by an agent argument,"
                    + " a system property or an environment variable"), warnings);
        }

        @Test
        void agentArgumentsMayOmitTheAutologPrefix() {
            AutologConfig c = load("debug=true,flush.timeout=3s,integration.spark.enabled=false,"
                    + "autolog.log.models=false");
            assertTrue(c.debug());
            assertEquals(Duration.ofSeconds(3), c.flushTimeout());
            assertFalse(c.integrationEnabled("spark"));
            assertFalse(c.logModels());
            assertEquals(List.of(), warnings);
        }

        @Test
        void agentArgumentsAreTrimmedAndEmptyPairsSkipped() {
            AutologConfig c = load(" debug = true , ,experiment= My Exp ,");
            assertTrue(c.debug());
            assertEquals("My Exp", c.experimentName());
            assertEquals(List.of(), warnings);
        }

        @Test
        void laterAgentArgumentForTheSameKeyWins() {
            assertFalse(load("debug=true,autolog.debug=false").debug());
        }

        @Test
        void otherSystemPropertiesAndEnvironmentVariablesAreIgnored() {
            AutologConfig c = load(null, props("java.version", "17", "autologx", "1"),
                    env("PATH", "/bin", "AUTOLOGGER", "x"));
            assertTrue(c.enabled());
            assertEquals(List.of(), warnings);
        }
    }

    @Nested
    class EnvironmentNames {

        @Test
        void envNameIsKeyUpperCasedWithDotsAndDashesReplaced() {
            assertEquals("AUTOLOG_TRACKING_URI", ConfigKey.envName("autolog.tracking.uri"));
            assertEquals("AUTOLOG_INTEGRATION_XGBOOST_ENABLED",
                    ConfigKey.envName("autolog.integration.xgboost.enabled"));
            assertEquals("AUTOLOG_SOME_DASHED_KEY", ConfigKey.envName("autolog.some-dashed.key"));
        }

        @Test
        void everyKnownKeyIsReadFromItsEnvironmentVariable() {
            Map<String, String> env = env(
                    "AUTOLOG_ENABLED", "false",
                    "AUTOLOG_TRACKING_URI", "http://mlflow:5000",
                    "AUTOLOG_EXPERIMENT", "exp",
                    "AUTOLOG_RUN_TAGS", "team=ml",
                    "AUTOLOG_LOG_MODELS", "false",
                    "AUTOLOG_XGBOOST_LOG_FEATURE_IMPORTANCE", "false",
                    "AUTOLOG_DEBUG", "true",
                    "AUTOLOG_FLUSH_TIMEOUT", "500ms",
                    "AUTOLOG_QUEUE_CAPACITY", "7",
                    "AUTOLOG_INTEGRATION_XGBOOST_ENABLED", "false",
                    "AUTOLOG_INTEGRATION_SPARK_ENABLED", "false",
                    "AUTOLOG_INTEGRATION_TRIBUO_ENABLED", "false",
                    "AUTOLOG_INTEGRATION_SMILE_ENABLED", "false",
                    "AUTOLOG_INTEGRATION_DL4J_ENABLED", "false",
                    "AUTOLOG_INTEGRATION_DJL_ENABLED", "false");
            AutologConfig c = load(null, new Properties(), env);
            assertFalse(c.enabled());
            assertEquals("http://mlflow:5000", c.trackingUri());
            assertEquals("exp", c.experimentName());
            assertEquals(Map.of("team", "ml"), c.runTags());
            assertFalse(c.logModels());
            assertFalse(c.xgboostLogFeatureImportance());
            assertTrue(c.debug());
            assertEquals(Duration.ofMillis(500), c.flushTimeout());
            assertEquals(7, c.queueCapacity());
            for (String name : List.of("xgboost", "spark", "tribuo", "smile", "dl4j", "djl")) {
                assertFalse(c.integrationEnabled(name), name);
            }
            assertEquals(List.of(), warnings);
        }
    }

    @Nested
    class MlflowFallback {

        @Test
        void mlflowVariablesAreUsedWhenAutologKeysAreUnset() {
            AutologConfig c = load(null, new Properties(),
                    env("MLFLOW_TRACKING_URI", "http://mlflow:5000", "MLFLOW_EXPERIMENT_NAME", "fraud"));
            assertEquals("http://mlflow:5000", c.trackingUri());
            assertEquals("fraud", c.experimentName());
            assertEquals("http://mlflow:5000", c.get("autolog.tracking.uri"));
        }

        @Test
        void mlflowRunAndExperimentIdsAreSaidInOneLineEachAsNotRead() {
            AutologConfig c = load(null, new Properties(), env("MLFLOW_RUN_ID", "3f2a", "MLFLOW_EXPERIMENT_ID", "7",
                    "MLFLOW_EXPERIMENT_NAME", "fraud"));
            assertEquals("fraud", c.experimentName());
            assertEquals(List.of("MLFLOW_EXPERIMENT_ID=7 is not read: runs go to the experiment named by "
                    + "autolog.experiment or MLFLOW_EXPERIMENT_NAME (now fraud)",
                    "MLFLOW_RUN_ID=3f2a is not read: autolog does not resume runs; each run is new"), warnings);
        }

        @Test
        void autologKeysFromAnySourceBeatMlflowVariables(@TempDir Path dir) throws IOException {
            Map<String, String> mlflow = env("MLFLOW_TRACKING_URI", "http://mlflow:5000",
                    "MLFLOW_EXPERIMENT_NAME", "fraud");
            assertEquals("args", load("tracking.uri=args", new Properties(), mlflow).trackingUri());
            assertEquals("props", load(null, props("autolog.experiment", "props"), mlflow).experimentName());
            Map<String, String> withAutologEnv = new HashMap<>(mlflow);
            withAutologEnv.put("AUTOLOG_TRACKING_URI", "env");
            assertEquals("env", load(null, new Properties(), withAutologEnv).trackingUri());
            Path f = file(dir, "autolog.experiment=file\n");
            assertEquals("file", load("config=" + f, new Properties(), mlflow).experimentName());
        }

        @Test
        void defaultsAreUsedWhenNeitherIsSet() {
            AutologConfig c = load(null, new Properties(), env("MLFLOW_TRACKING_URI", " "));
            assertEquals("./mlruns", c.trackingUri());
            assertEquals("Default", c.experimentName());
        }

        @Test
        void withRemovingTheKeyFallsBackToMlflowVariable() {
            AutologConfig c = load("tracking.uri=x", new Properties(), env("MLFLOW_TRACKING_URI", "http://m"));
            assertEquals("http://m", c.with("tracking.uri", null).trackingUri());
        }
    }

    @Nested
    class SystemMetrics {

        @Test
        void systemMetricsAreOffByDefaultAndSampledEveryTenSecondsAsInMlflow() {
            AutologConfig c = load(null);
            assertFalse(c.systemMetrics());
            assertEquals(Duration.ofSeconds(10), c.systemMetricsInterval());
            assertEquals(List.of(), warnings);
        }

        @Test
        void theAutologKeyTurnsThemOnFromAnySource() {
            assertTrue(load("system.metrics=true").systemMetrics());
            assertTrue(load(null, props("autolog.system.metrics", "true"), Map.of()).systemMetrics());
            assertTrue(load(null, new Properties(), env("AUTOLOG_SYSTEM_METRICS", "TRUE")).systemMetrics());
            assertEquals(Duration.ofMillis(500), load("system.metrics.interval=500ms").systemMetricsInterval());
        }

        @Test
        void mlflowsEnvironmentVariableTurnsThemOnWhenTheAutologKeyIsUnset() {
            assertTrue(load(null, new Properties(), env("MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING", "true"))
                    .systemMetrics());
            assertTrue(load(null, new Properties(), env("MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING", "1")).systemMetrics());
            assertEquals("true", load(null, new Properties(), env("MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING", "1"))
                    .get("autolog.system.metrics"));
            assertFalse(load(null, new Properties(), env("MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING", "False"))
                    .systemMetrics());
            assertEquals(List.of(), warnings);
        }

        @Test
        void theAutologKeyBeatsMlflowsEnvironmentVariable() {
            Map<String, String> on = env("MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING", "true");
            assertFalse(load("system.metrics=false", new Properties(), on).systemMetrics());
            assertTrue(load("system.metrics=false", new Properties(), on).with("system.metrics", null)
                    .systemMetrics());
        }

        @Test
        void aBadMlflowVariableIsOneLineAndLeavesThemOff() {
            assertFalse(load(null, new Properties(), env("MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING", "yes"))
                    .systemMetrics());
            assertEquals(List.of("ignoring MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING=yes: expected true, false, 1 or 0; "
                    + "system metrics stay off"), warnings);
        }

        @Test
        void mlflowsSamplingIntervalVariableInFractionalSecondsIsUsedWhenTheAutologKeyIsUnset() {
            Map<String, String> mlflow = env("MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL", "2.5");
            assertEquals(Duration.ofMillis(2500), load(null, new Properties(), mlflow).systemMetricsInterval());
            assertEquals("2500ms", load(null, new Properties(), mlflow).get("system.metrics.interval"));
            assertEquals(Duration.ofSeconds(3), load("system.metrics.interval=3s", new Properties(), mlflow)
                    .systemMetricsInterval());
            assertEquals(List.of(), warnings);
        }

        @Test
        void aBadIntervalIsOneLineNamingTheValueAndWhatIsAcceptedAndTheDefaultIsUsed() {
            for (String bad : List.of("0", "50ms", "abc", "-1s", "25h")) {
                warnings.clear();
                assertEquals(Duration.ofSeconds(10), load("system.metrics.interval=" + bad).systemMetricsInterval());
                assertEquals(List.of("ignoring autolog.system.metrics.interval=" + bad + ": expected a duration from "
                        + "100ms to 24h like 10s, 500ms, 2m or a number of seconds; using 10s"), warnings, bad);
            }
            warnings.clear();
            assertEquals(Duration.ofSeconds(10), load(null, new Properties(),
                    env("MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL", "0.01")).systemMetricsInterval());
            assertEquals(List.of("ignoring MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL=0.01: expected a number of seconds "
                    + "from 0.1 to 86400; using 10s"), warnings);
        }

        @Test
        void withRejectsAnIntervalOutOfRange() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AutologConfig.defaults().with("system.metrics.interval", "1ms"));
            assertEquals("invalid autolog.system.metrics.interval=1ms: expected a duration from 100ms to 24h like 10s, "
                    + "500ms, 2m or a number of seconds", e.getMessage());
        }
    }

    @Nested
    class RunTags {

        @Test
        void pairsAreSplitOnSemicolonAndEachOnItsFirstEquals() {
            AutologConfig c = load("run.tags=team=ml;query=a=b;empty=; spaced = v ");
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("team", "ml");
            expected.put("query", "a=b");
            expected.put("empty", "");
            expected.put("spaced", "v");
            assertEquals(expected, c.runTags());
            assertEquals(List.of("team", "query", "empty", "spaced"), new ArrayList<>(c.runTags().keySet()));
            assertEquals(List.of(), warnings);
        }

        @Test
        void malformedPairsAreReportedAndSkipped() {
            AutologConfig c = load(null, props("autolog.run.tags", "a=1;novalue;=orphan;;b=2"), Map.of());
            assertEquals(Map.of("a", "1", "b", "2"), c.runTags());
            assertEquals(List.of(
                    "ignoring autolog.run.tags pair \"novalue\": expected key=value with a non-empty key, "
                            + "pairs separated by ';'",
                    "ignoring autolog.run.tags pair \"=orphan\": expected key=value with a non-empty key, "
                            + "pairs separated by ';'"), warnings);
        }

        @Test
        void runTagsAreUnmodifiable() {
            AutologConfig c = load("run.tags=a=1");
            assertThrows(UnsupportedOperationException.class, () -> c.runTags().put("b", "2"));
        }
    }

    @Nested
    class Durations {
        private static final String FLUSH_RANGE = "expected a duration from 100ms to 24h like 10s, 500ms, 2m or a "
                + "number of seconds; using 10s";

        private Duration timeout(String value) {
            return load("flush.timeout=" + value).flushTimeout();
        }

        @Test
        void acceptedForms() {
            assertEquals(Duration.ofSeconds(10), timeout("10s"));
            assertEquals(Duration.ofMillis(500), timeout("500ms"));
            assertEquals(Duration.ofMinutes(2), timeout("2m"));
            assertEquals(Duration.ofHours(1), timeout("1h"));
            assertEquals(Duration.ofSeconds(7), timeout("7"));
            assertEquals(Duration.ofSeconds(5), timeout("5S"));
            assertEquals(Duration.ofSeconds(3), timeout("3 s"));
            assertEquals(Duration.ofMillis(100), timeout("100ms"));
            assertEquals(Duration.ofHours(24), timeout("24h"));
            assertEquals(List.of(), warnings);
        }

        @Test
        void badDurationWarnsAndUsesDefault() {
            assertEquals(Duration.ofSeconds(10), timeout("abc"));
            assertEquals(List.of("ignoring autolog.flush.timeout=abc: " + FLUSH_RANGE), warnings);
        }

        @Test
        void negativeDurationWarnsAndUsesDefault() {
            assertEquals(Duration.ofSeconds(10), timeout("-5s"));
            assertEquals(List.of("ignoring autolog.flush.timeout=-5s: " + FLUSH_RANGE), warnings);
        }

        @Test
        void aFlushTimeoutTooShortToWriteAnythingIsRefusedInOneLine() {
            for (String tooShort : List.of("0", "1ms", "10ms", "99ms")) {
                assertEquals(Duration.ofSeconds(10), timeout(tooShort));
            }
            assertEquals(List.of("ignoring autolog.flush.timeout=0: " + FLUSH_RANGE,
                    "ignoring autolog.flush.timeout=1ms: " + FLUSH_RANGE,
                    "ignoring autolog.flush.timeout=10ms: " + FLUSH_RANGE,
                    "ignoring autolog.flush.timeout=99ms: " + FLUSH_RANGE), warnings);
        }

        @Test
        void aDurationLongerThanADayIsRefusedWhateverItsSizeSoNoDeadlineOverflows(@TempDir Path dir)
                throws IOException {
            String longest = "9223372036854775807s";
            assertEquals(Duration.ofSeconds(10), timeout(longest));
            assertEquals(Duration.ofSeconds(10), timeout("99999999999s"));
            assertEquals(Duration.ofSeconds(10), timeout("25h"));
            assertEquals(Duration.ofSeconds(10), timeout("99999999999999999999m"));
            assertEquals(Duration.ofSeconds(10),
                    load(null, new Properties(), env("AUTOLOG_FLUSH_TIMEOUT", longest)).flushTimeout());
            Path f = file(dir, "autolog.flush.timeout=" + longest + "\n");
            assertEquals(Duration.ofSeconds(10), load("config=" + f).flushTimeout());
            assertEquals(List.of("ignoring autolog.flush.timeout=" + longest + ": " + FLUSH_RANGE,
                    "ignoring autolog.flush.timeout=99999999999s: " + FLUSH_RANGE,
                    "ignoring autolog.flush.timeout=25h: " + FLUSH_RANGE,
                    "ignoring autolog.flush.timeout=99999999999999999999m: " + FLUSH_RANGE,
                    "ignoring autolog.flush.timeout=" + longest + ": " + FLUSH_RANGE,
                    "ignoring autolog.flush.timeout=" + longest + ": " + FLUSH_RANGE), warnings);
        }

        @Test
        void eachDurationKeySaysItsOwnRange() {
            AutologConfig c = load("mlflow.timeout=500ms,dl4j.idle.timeout=0,system.metrics.interval=25h");
            assertEquals(Duration.ofSeconds(30), c.mlflowTimeout());
            assertEquals(Duration.ZERO, c.dl4jIdleTimeout());
            assertEquals(Duration.ofSeconds(10), c.systemMetricsInterval());
            assertEquals(List.of("ignoring autolog.mlflow.timeout=500ms: expected a duration from 1s to 24h like 10s, "
                            + "500ms, 2m or a number of seconds; using 30s",
                    "ignoring autolog.system.metrics.interval=25h: expected a duration from 100ms to 24h like 10s, "
                            + "500ms, 2m or a number of seconds; using 10s"), warnings);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AutologConfig.defaults().with("dl4j.idle.timeout", "2d"));
            assertEquals("invalid autolog.dl4j.idle.timeout=2d: expected a duration from 0 to 24h like 10s, 500ms, 2m "
                    + "or a number of seconds", e.getMessage());
        }

        @Test
        void fractionalAndUnknownUnitsAreRejected() {
            timeout("1.5s");
            timeout("10d");
            assertEquals(List.of("ignoring autolog.flush.timeout=1.5s: " + FLUSH_RANGE,
                    "ignoring autolog.flush.timeout=10d: " + FLUSH_RANGE), warnings);
        }
    }

    @Nested
    class BadValues {

        @Test
        void booleansAreCaseInsensitive() {
            AutologConfig c = load("enabled=FALSE,debug=True");
            assertFalse(c.enabled());
            assertTrue(c.debug());
            assertEquals(List.of(), warnings);
        }

        @Test
        void badBooleanWarnsAndUsesDefault() {
            AutologConfig c = load(null, props("autolog.debug", "yes"), Map.of());
            assertFalse(c.debug());
            assertEquals(List.of("ignoring autolog.debug=yes: expected true or false; using false"), warnings);
        }

        @Test
        void badIntegrationBooleanWarnsAndUsesDefault() {
            AutologConfig c = load(null, new Properties(), env("AUTOLOG_INTEGRATION_DL4J_ENABLED", "off"));
            assertTrue(c.integrationEnabled("dl4j"));
            assertEquals(List.of("ignoring autolog.integration.dl4j.enabled=off: expected true or false; using true"),
                    warnings);
        }

        @Test
        void badValueInWinningSourceUsesDefaultNotALowerSource() {
            AutologConfig c = load("enabled=maybe", props("autolog.enabled", "false"), Map.of());
            assertTrue(c.enabled());
            assertEquals(List.of("ignoring autolog.enabled=maybe: expected true or false; using true"), warnings);
        }

        @Test
        void sparkMaxTuningRunsDefaultsToFiveAndMustBePositive() {
            assertEquals(5, load("").sparkMaxTuningRuns());
            assertEquals(2, load("spark.max.tuning.runs=2").sparkMaxTuningRuns());
            assertEquals(List.of(), warnings);
            assertEquals(5, load("spark.max.tuning.runs=0").sparkMaxTuningRuns());
            assertEquals(List.of("ignoring autolog.spark.max.tuning.runs=0"
                    + ": expected a whole number from 1 to 100000000; using 5"), warnings);
        }

        @Test
        void theSparkTrainingAreaUnderRocIsOptIn() {
            assertFalse(load("").sparkTrainingAreaUnderRoc());
            assertTrue(load("spark.training.area.under.roc=true").sparkTrainingAreaUnderRoc());
            assertEquals(List.of(), warnings);
        }

        @Test
        void sparkIgnorePackagesIsACommaListOfPackageNamesWithABadEntrySaidAndSkipped() {
            assertEquals(List.of(), load("").sparkIgnorePackages());
            assertEquals(List.of("com.microsoft.azure.synapse.ml", "com.johnsnowlabs"),
                    load("", props("autolog.spark.ignore.packages", "com.microsoft.azure.synapse.ml, com.johnsnowlabs,"),
                            Map.of()).sparkIgnorePackages());
            assertEquals(List.of(), warnings);
            assertEquals(List.of("ai.catboost"), load("", props("autolog.spark.ignore.packages", "ai.catboost,com/example"),
                    Map.of()).sparkIgnorePackages());
            assertEquals(List.of("ignoring autolog.spark.ignore.packages entry \"com/example\": expected a Java package"
                    + " name such as com.example.ml, entries separated by ','"), warnings);
        }

        @Test
        void queueCapacityMustBeAPositiveIntUpTo100Million() {
            assertEquals(1, load("queue.capacity=1").queueCapacity());
            assertEquals(100_000_000, load("queue.capacity=100000000").queueCapacity());
            assertEquals(List.of(), warnings);
            for (String bad : List.of("0", "-1", "100000001", "abc", "1.5", "99999999999")) {
                warnings.clear();
                assertEquals(100_000, load("queue.capacity=" + bad).queueCapacity(), bad);
                assertEquals(List.of("ignoring autolog.queue.capacity=" + bad
                        + ": expected a whole number from 1 to 100000000; using 100000"), warnings);
            }
        }

        @Test
        void agentArgumentWithoutEqualsIsReported() {
            AutologConfig c = load("debug,experiment=e,=x");
            assertEquals("e", c.experimentName());
            assertEquals(List.of(
                    "ignoring agent argument \"debug\": expected key=value pairs separated by ','",
                    "ignoring agent argument \"=x\": expected key=value pairs separated by ','"), warnings);
        }

        @Test
        void secretValuesAreNeverEchoed() {
            assertTrue(ConfigKey.isSecret("autolog.backend.password"));
            assertTrue(ConfigKey.isSecret("autolog.api.TOKEN"));
            assertTrue(ConfigKey.isSecret("autolog.client.secret"));
            assertFalse(ConfigKey.isSecret("autolog.debug"));
            assertEquals("****", ConfigKey.shown("autolog.api.token", "abc123"));
            assertEquals("abc123", ConfigKey.shown("autolog.experiment", "abc123"));
            load("api.token=abc123", props("autolog.db.password", "hunter2"), Map.of());
            assertTrue(warnings.stream().noneMatch(w -> w.contains("abc123") || w.contains("hunter2")), warnings::toString);
        }

        @Test
        void loadNeverThrowsEvenWhenTheWarningConsumerDoes() {
            AutologConfig c = AutologConfig.load("debug=maybe,foo=1", new Properties(), Map.of(), w -> {
                throw new IllegalStateException("boom");
            });
            assertFalse(c.debug());
        }
    }

    @Nested
    class UnknownKeys {

        @Test
        void unknownAgentArgument() {
            load("foo=1");
            assertEquals(List.of("unknown key autolog.foo (from agent argument); " + KNOWN), warnings);
        }

        @Test
        void unknownSystemProperty() {
            load(null, props("autolog.foo", "1"), Map.of());
            assertEquals(List.of("unknown key autolog.foo (from system property); " + KNOWN), warnings);
        }

        @Test
        void unknownEnvironmentVariable() {
            load(null, new Properties(), env("AUTOLOG_FLUSH_TIMEOUTS", "1"));
            assertEquals(List.of("unknown key autolog.flush.timeouts (from environment variable "
                    + "AUTOLOG_FLUSH_TIMEOUTS); did you mean autolog.flush.timeout? " + KNOWN), warnings);
        }

        @Test
        void aMisspelledKeyNamesTheKeyItMostLikelyMeant() {
            load(null, props("autolog.tracking.url", "runs", "autolog.experimnt", "x", "autolog.integration.xgbost.enabled",
                    "false", "autolog.trackinguri", "y"), Map.of());
            assertEquals(List.of(
                    "unknown key autolog.experimnt (from system property); did you mean autolog.experiment? " + KNOWN,
                    "unknown key autolog.integration.xgbost.enabled (from system property); did you mean"
                            + " autolog.integration.xgboost.enabled? " + KNOWN,
                    "unknown key autolog.tracking.url (from system property); did you mean autolog.tracking.uri? "
                            + KNOWN,
                    "unknown key autolog.trackinguri (from system property); did you mean autolog.tracking.uri? "
                            + KNOWN), warnings.stream().sorted().toList());
        }

        @Test
        void unknownKeyInFile(@TempDir Path dir) throws IOException {
            Path f = file(dir, "autolog.foo=1\nbar=2\n");
            load("config=" + f);
            assertEquals(List.of(
                    "unknown key autolog.bar (from file " + f + "); " + KNOWN,
                    "unknown key autolog.foo (from file " + f + "); " + KNOWN), warnings);
        }

        @Test
        void unknownIntegrationNameIsAnUnknownKey() {
            AutologConfig c = load(null, props("autolog.integration.pytorch.enabled", "false"),
                    env("AUTOLOG_INTEGRATION_PYTORCH_ENABLED", "false"));
            assertTrue(c.integrationEnabled("pytorch"));
            assertEquals(List.of(
                    "unknown key autolog.integration.pytorch.enabled (from system property); " + KNOWN,
                    "unknown key autolog.integration.pytorch.enabled (from environment variable "
                            + "AUTOLOG_INTEGRATION_PYTORCH_ENABLED); " + KNOWN), warnings);
        }
    }

    @Nested
    class ConfigFile {

        @Test
        void missingFileGivesOneWarningAndLoadingContinues(@TempDir Path dir) {
            Path missing = dir.resolve("nope.properties");
            AutologConfig c = load("config=" + missing + ",debug=true");
            assertTrue(c.debug());
            assertEquals(List.of("cannot read config file " + missing
                    + " (autolog.config): no such file; continuing without it"), warnings);
        }

        @Test
        void directoryInsteadOfFileGivesOneWarning(@TempDir Path dir) {
            AutologConfig c = load("config=" + dir);
            assertTrue(c.enabled());
            assertEquals(1, warnings.size());
            assertTrue(warnings.get(0).startsWith("cannot read config file " + dir + " (autolog.config): "),
                    warnings::toString);
            assertTrue(warnings.get(0).endsWith("; continuing without it"), warnings::toString);
        }

        @Test
        void deviceIsNeverReadAndGivesOneWarning() {
            assertOneUnreadableFileWarning(Path.of("/dev/zero"), "not a regular file (a device, FIFO or socket)");
        }

        @Test
        void fifoNobodyWritesToDoesNotBlockAndGivesOneWarning(@TempDir Path dir) throws Exception {
            Path fifo = dir.resolve("config.fifo");
            assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
            // a hang guard only: opening a FIFO nobody writes to would block for ever
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertOneUnreadableFileWarning(fifo,
                    "not a regular file (a device, FIFO or socket)"));
        }

        @Test
        void fileLargerThanOneMebibyteIsNotReadAndGivesOneWarning(@TempDir Path dir) throws IOException {
            Path huge = dir.resolve("huge.properties");
            try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
                f.setLength(1L << 40);
            }
            assertOneUnreadableFileWarning(huge, "larger than 1024 KiB (1099511627776 bytes)");
        }

        @Test
        void directoryIsNamedAsSuch(@TempDir Path dir) {
            assertOneUnreadableFileWarning(dir, "a directory, not a file");
        }

        private void assertOneUnreadableFileWarning(Path file, String reason) {
            AutologConfig c = load("config=" + file + ",queue.capacity=7");
            assertEquals(7, c.queueCapacity());
            assertTrue(c.enabled());
            assertEquals(List.of("cannot read config file " + file + " (autolog.config): " + reason
                    + "; continuing without it"), warnings);
        }

        @Test
        void aByteOrderMarkBeforeTheFirstKeyIsSkipped(@TempDir Path dir) throws IOException {
            Path f = dir.resolve("bom.properties");
            Files.write(f, "\uFEFFautolog.experiment=bomexp\n".getBytes(StandardCharsets.UTF_8));
            assertEquals((byte) 0xef, Files.readAllBytes(f)[0]);
            assertEquals("bomexp", load("config=" + f).experimentName());
            assertEquals(List.of(), warnings);
        }

        @Test
        void aFileThatIsNotUtf8IsSkippedSayingSo(@TempDir Path dir) throws IOException {
            Path f = dir.resolve("latin1.properties");
            Files.write(f, "autolog.experiment=caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
            assertOneUnreadableFileWarning(f, "not UTF-8 text");
        }

        @Test
        void aHugeUnknownKeyIsQuotedCutToTwoHundredCharactersWithItsLength(@TempDir Path dir) throws IOException {
            String key = "autolog." + "k".repeat(1_000_000);
            Path f = file(dir, key + "=1\n");
            load("config=" + f);
            assertEquals(List.of("unknown key autolog." + "k".repeat(192) + "\u2026(1000008 characters) (from file " + f
                    + "); " + KNOWN), warnings);
        }

        @Test
        void badValueInFileIsReported(@TempDir Path dir) throws IOException {
            Path f = file(dir, "queue.capacity=lots\n");
            AutologConfig c = load("config=" + f);
            assertEquals(100_000, c.queueCapacity());
            assertEquals(List.of("ignoring autolog.queue.capacity=lots: expected a whole number from 1 to 100000000;"
                    + " using 100000"), warnings);
        }
    }

    @Test
    void allProblemsAreReportedOneLineEach(@TempDir Path dir) {
        Path missing = dir.resolve("missing.properties");
        AutologConfig c = load("debug=maybe,bogus,config=" + missing,
                props("autolog.foo", "1", "autolog.flush.timeout", "abc", "autolog.run.tags", "a=1;b"),
                env("AUTOLOG_QUEUE_CAPACITY", "0", "AUTOLOG_BAR", "x"));
        assertFalse(c.debug());
        assertEquals(Duration.ofSeconds(10), c.flushTimeout());
        assertEquals(100_000, c.queueCapacity());
        assertEquals(Map.of("a", "1"), c.runTags());
        assertEquals(List.of(
                "ignoring agent argument \"bogus\": expected key=value pairs separated by ','",
                "unknown key autolog.foo (from system property); " + KNOWN,
                "unknown key autolog.bar (from environment variable AUTOLOG_BAR); " + KNOWN,
                "cannot read config file " + missing + " (autolog.config): no such file; continuing without it",
                "ignoring autolog.run.tags pair \"b\": expected key=value with a non-empty key, pairs separated by ';'",
                "ignoring autolog.debug=maybe: expected true or false; using false",
                "ignoring autolog.flush.timeout=abc: expected a duration from 100ms to 24h like 10s, 500ms, 2m or a "
                        + "number of seconds; using 10s",
                "ignoring autolog.queue.capacity=0: expected a whole number from 1 to 100000000; using 100000"),
                warnings);
    }

    @Nested
    class Get {

        @Test
        void getReturnsRawTextDefaultsOrNull() {
            AutologConfig c = load("flush.timeout=500ms,run.tags=a=1;b=2");
            assertEquals("500ms", c.get("autolog.flush.timeout"));
            assertEquals("500ms", c.get("flush.timeout"));
            assertEquals("a=1;b=2", c.get("autolog.run.tags"));
            assertEquals("100000", c.get("autolog.queue.capacity"));
            assertEquals("true", c.get("autolog.integration.smile.enabled"));
            assertEquals("./mlruns", c.get("autolog.tracking.uri"));
            assertNull(c.get("autolog.config"));
            assertNull(c.get("autolog.foo"));
            assertNull(c.get(null));
            assertNull(AutologConfig.defaults().get("autolog.run.tags"));
        }

        @Test
        void getOfRejectedValueIsTheDefault() {
            assertEquals("10s", load("flush.timeout=abc").get("autolog.flush.timeout"));
        }
    }

    @Nested
    class With {

        @Test
        void withOverridesOneKeyAndLeavesTheOriginalUnchanged() {
            AutologConfig original = load("debug=false,experiment=e");
            AutologConfig changed = original.with("autolog.debug", "true");
            assertTrue(changed.debug());
            assertEquals("e", changed.experimentName());
            assertFalse(original.debug());
        }

        @Test
        void withAcceptsKeysWithoutPrefixAndTypedValues() {
            AutologConfig c = AutologConfig.defaults()
                    .with("flush.timeout", "2m")
                    .with("queue.capacity", "5")
                    .with("integration.xgboost.enabled", "false")
                    .with("run.tags", "k=v=w");
            assertEquals(Duration.ofMinutes(2), c.flushTimeout());
            assertEquals(5, c.queueCapacity());
            assertFalse(c.integrationEnabled("xgboost"));
            assertEquals(Map.of("k", "v=w"), c.runTags());
            assertEquals("2m", c.get("autolog.flush.timeout"));
        }

        @Test
        void withNullRestoresTheDefault() {
            AutologConfig c = load("queue.capacity=5").with("autolog.queue.capacity", null);
            assertEquals(100_000, c.queueCapacity());
        }

        @Test
        void withRejectsUnknownKeysAndBadValues() {
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> AutologConfig.defaults().with("autolog.foo", "1"));
            assertEquals("unknown key autolog.foo; " + KNOWN, unknown.getMessage());
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> AutologConfig.defaults().with("debug", "maybe"));
            assertEquals("invalid autolog.debug=maybe: expected true or false", bad.getMessage());
            assertThrows(IllegalArgumentException.class, () -> AutologConfig.defaults().with("config", "/x"));
        }
    }
}
