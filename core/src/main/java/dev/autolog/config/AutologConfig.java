package dev.autolog.config;

import dev.autolog.logging.Diagnostics;
import dev.autolog.logging.TerminalText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The agent's configuration, immutable. Sources, highest precedence first:
 * <ol>
 *   <li>agent arguments {@code -javaagent:autolog.jar=key=value,key=value} (keys with or without the
 *       {@code autolog.} prefix; pairs are split on ',' only, so values cannot contain ',');</li>
 *   <li>system properties {@code autolog.*};</li>
 *   <li>environment variables {@code AUTOLOG_*} (the key upper-cased, '.' and '-' replaced by '_');</li>
 *   <li>the properties file named by {@code autolog.config} (which is itself read from sources 1-3 only);</li>
 *   <li>defaults; for the tracking URI and experiment, {@code MLFLOW_TRACKING_URI} / {@code MLFLOW_EXPERIMENT_NAME}
 *       come before the defaults.</li>
 * </ol>
 * Values are trimmed; an empty value counts as not set. Loading never throws: every problem (unknown key, bad
 * value, unreadable file) is one warning line and the default is used. A bad value of the winning source is
 * replaced by the default, not by a lower source's value. Values of keys ending in password, token or secret
 * are never printed.
 */
public final class AutologConfig {

    /** Keys set by some source (or {@link #with}), in {@link ConfigKey#ALL} order: raw text and parsed value. */
    private final Map<ConfigKey, String> raw;
    private final Map<ConfigKey, Object> parsed;
    private final String mlflowTrackingUri;
    private final String mlflowExperimentName;
    private final MlflowSystemMetrics mlflowSystemMetrics;

    private AutologConfig(Map<ConfigKey, String> raw, Map<ConfigKey, Object> parsed, String mlflowTrackingUri,
                          String mlflowExperimentName, MlflowSystemMetrics mlflowSystemMetrics) {
        this.raw = raw;
        this.parsed = parsed;
        this.mlflowTrackingUri = mlflowTrackingUri;
        this.mlflowExperimentName = mlflowExperimentName;
        this.mlflowSystemMetrics = mlflowSystemMetrics;
    }

    /**
     * Loads from the real sources: agentArgs (may be null), System.getProperties(), System.getenv(). Warnings are
     * {@linkplain Diagnostics#warn said} on stderr.
     */
    public static AutologConfig load(String agentArgs) {
        Properties props;
        Map<String, String> env;
        try {
            props = System.getProperties();
            env = System.getenv();
        } catch (SecurityException e) {
            Diagnostics.warn("cannot read system properties or environment (" + e
                    + "); using agent arguments and defaults only");
            props = new Properties();
            env = Map.of();
        }
        return load(agentArgs, props, env, Diagnostics::warn);
    }

    /**
     * Testable form of {@link #load(String)}. Each problem is passed to {@code warnings} as one line without the
     * {@code "autolog: "} prefix (the caller adds it when printing). Never throws.
     */
    public static AutologConfig load(String agentArgs, Properties systemProperties, Map<String, String> env,
                                     Consumer<String> warnings) {
        Consumer<String> warn = safe(warnings);
        Map<String, String> environment = env == null ? Map.of() : env;
        try {
            List<Map<ConfigKey, String>> sources = new ArrayList<>();
            sources.add(ConfigSources.agentArgs(agentArgs, warn));
            sources.add(ConfigSources.systemProperties(systemProperties, warn));
            sources.add(ConfigSources.environment(environment, warn));
            String file = firstValue(sources, ConfigKey.CONFIG);
            if (file != null) {
                sources.add(ConfigSources.file(file, warn));
            }
            Map<ConfigKey, String> raw = new LinkedHashMap<>();
            Map<ConfigKey, Object> parsed = new LinkedHashMap<>();
            for (ConfigKey key : ConfigKey.ALL) {
                String value = firstValue(sources, key);
                if (value == null) {
                    continue;
                }
                Object v = key.parse(value, warn);
                if (v != null) {
                    raw.put(key, value);
                    parsed.put(key, v);
                }
            }
            AutologConfig config = new AutologConfig(raw, parsed, nonBlank(environment.get("MLFLOW_TRACKING_URI")),
                    nonBlank(environment.get("MLFLOW_EXPERIMENT_NAME")), MlflowSystemMetrics.read(environment, warn));
            sayMlflowIdsNotRead(environment, config, warn);
            return config;
        } catch (RuntimeException e) {
            warn.accept("cannot read the configuration (" + e + "); using defaults");
            return defaults();
        }
    }

    /** {@code mlflow run} sets these for the run it started: an MLflow user expects them to select it. */
    private static void sayMlflowIdsNotRead(Map<String, String> env, AutologConfig config, Consumer<String> warn) {
        String experimentId = nonBlank(env.get("MLFLOW_EXPERIMENT_ID"));
        if (experimentId != null) {
            warn.accept("MLFLOW_EXPERIMENT_ID=" + TerminalText.shortened(experimentId) + " is not read: runs go to the"
                    + " experiment named by autolog.experiment or MLFLOW_EXPERIMENT_NAME (now "
                    + TerminalText.shortened(config.experimentName()) + ")");
        }
        String runId = nonBlank(env.get("MLFLOW_RUN_ID"));
        if (runId != null) {
            warn.accept("MLFLOW_RUN_ID=" + TerminalText.shortened(runId)
                    + " is not read: autolog does not resume runs; each run is new");
        }
    }

    /** The defaults only: no source, no MLFLOW_* fallback. */
    public static AutologConfig defaults() {
        return new AutologConfig(Map.of(), Map.of(), null, null, MlflowSystemMetrics.NONE);
    }

    /** {@code autolog.enabled}, default true. */
    public boolean enabled() {
        return (Boolean) value(ConfigKey.ENABLED);
    }

    /** {@code autolog.tracking.uri}; if unset, env {@code MLFLOW_TRACKING_URI}; else "./mlruns". */
    public String trackingUri() {
        String uri = raw.get(ConfigKey.TRACKING_URI);
        return uri != null ? uri : mlflowTrackingUri != null ? mlflowTrackingUri : ConfigKey.TRACKING_URI.defaultText;
    }

    /** {@code autolog.experiment}; if unset, env {@code MLFLOW_EXPERIMENT_NAME}; else "Default". */
    public String experimentName() {
        String name = raw.get(ConfigKey.EXPERIMENT);
        return name != null ? name : mlflowExperimentName != null ? mlflowExperimentName
                : ConfigKey.EXPERIMENT.defaultText;
    }

    /** {@code autolog.run.tags} "k=v;k=v" (each pair split on its first '='), in order; default empty. */
    @SuppressWarnings("unchecked")
    public Map<String, String> runTags() {
        return (Map<String, String>) value(ConfigKey.RUN_TAGS);
    }

    /** {@code autolog.log.models}, default true. */
    public boolean logModels() {
        return (Boolean) value(ConfigKey.LOG_MODELS);
    }

    /** {@code autolog.log.model.signatures}, default true. */
    public boolean logModelSignatures() {
        return (Boolean) value(ConfigKey.LOG_MODEL_SIGNATURES);
    }

    /** {@code autolog.log.input.examples}, default false (as in MLflow). */
    public boolean logInputExamples() {
        return (Boolean) value(ConfigKey.LOG_INPUT_EXAMPLES);
    }

    /** {@code autolog.log.datasets}, default true (as MLflow's {@code log_datasets}). */
    public boolean logDatasets() {
        return (Boolean) value(ConfigKey.LOG_DATASETS);
    }

    /** {@code autolog.registered.model.name}: every logged model becomes a new version of it; null when unset. */
    public String registeredModelName() {
        return (String) value(ConfigKey.REGISTERED_MODEL_NAME);
    }

    /** {@code autolog.xgboost.log.feature.importance}, default true. */
    public boolean xgboostLogFeatureImportance() {
        return (Boolean) value(ConfigKey.XGBOOST_FEATURE_IMPORTANCE);
    }

    /** {@code autolog.dl4j.idle.timeout}: how long a DL4J network's run stays open without training, default 5m. */
    public Duration dl4jIdleTimeout() {
        return (Duration) value(ConfigKey.DL4J_IDLE_TIMEOUT);
    }

    /** {@code autolog.spark.max.tuning.runs}: child runs of a Spark tuning fit (best first), default 5. */
    public int sparkMaxTuningRuns() {
        return (Integer) value(ConfigKey.SPARK_MAX_TUNING_RUNS);
    }

    /**
     * {@code autolog.system.metrics}; if unset, env {@code MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING}; else false (as in
     * MLflow).
     */
    public boolean systemMetrics() {
        Boolean on = (Boolean) parsed.get(ConfigKey.SYSTEM_METRICS);
        return on != null ? on : mlflowSystemMetrics.enabled() != null ? mlflowSystemMetrics.enabled()
                : (Boolean) ConfigKey.SYSTEM_METRICS.defaultValue;
    }

    /**
     * {@code autolog.system.metrics.interval}; if unset, env {@code MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL}
     * (seconds); else 10s (MLflow's).
     */
    public Duration systemMetricsInterval() {
        Duration d = (Duration) parsed.get(ConfigKey.SYSTEM_METRICS_INTERVAL);
        return d != null ? d : mlflowSystemMetrics.interval() != null ? mlflowSystemMetrics.interval()
                : (Duration) ConfigKey.SYSTEM_METRICS_INTERVAL.defaultValue;
    }

    /**
     * {@code autolog.spark.ignore.packages}: packages (and their subpackages) whose Spark estimators' fits are not
     * tracked, nor anything they fit inside; default none.
     */
    @SuppressWarnings("unchecked")
    public List<String> sparkIgnorePackages() {
        return (List<String>) value(ConfigKey.SPARK_IGNORE_PACKAGES);
    }

    /**
     * {@code autolog.spark.training.area.under.roc}: log a binary classification training summary's
     * {@code areaUnderROC}, which Spark computes by sorting every distinct score (at 200,000 rows half to two thirds
     * of the fit's own cost again); default false. An {@code Evaluator}'s area is logged either way.
     */
    public boolean sparkTrainingAreaUnderRoc() {
        return (Boolean) value(ConfigKey.SPARK_TRAINING_AREA_UNDER_ROC);
    }

    /** {@code autolog.debug}, default false. */
    public boolean debug() {
        return (Boolean) value(ConfigKey.DEBUG);
    }

    /** {@code autolog.flush.timeout} (10s, 500ms, 2m, 1h or a number of seconds), default 10s. */
    public Duration flushTimeout() {
        return (Duration) value(ConfigKey.FLUSH_TIMEOUT);
    }

    /** {@code autolog.queue.capacity}: metric points buffered before dropping, 1..100000000, default 100000. */
    public int queueCapacity() {
        return (Integer) value(ConfigKey.QUEUE_CAPACITY);
    }

    /** {@code autolog.mlflow.timeout}: connect, read and write timeout of each MLflow server request, default 30s. */
    public Duration mlflowTimeout() {
        return (Duration) value(ConfigKey.MLFLOW_TIMEOUT);
    }

    /** {@code autolog.mlflow.spool.dir}: the local store that holds runs until the MLflow server has them. */
    public String mlflowSpoolDir() {
        return (String) value(ConfigKey.MLFLOW_SPOOL_DIR);
    }

    /** {@code autolog.integration.<name>.enabled}, default true (also for names that are not known). */
    public boolean integrationEnabled(String name) {
        ConfigKey key = name == null ? null : ConfigKey.byName(ConfigKey.integrationKey(name));
        return key == null || (Boolean) value(key);
    }

    /**
     * The string in effect for {@code key} (with or without the {@code autolog.} prefix): the raw text from the
     * winning source, else the MLFLOW_* fallback (tracking URI, experiment, system metrics and their interval, the
     * latter in ms), else the default as text; null for
     * unknown keys and for keys without a default that are unset ({@code autolog.run.tags},
     * {@code autolog.config}).
     */
    public String get(String key) {
        ConfigKey k = key == null ? null : ConfigKey.byName(ConfigKey.withPrefix(key.trim()));
        if (k == null) {
            return null;
        }
        if (k == ConfigKey.TRACKING_URI) {
            return trackingUri();
        }
        if (k == ConfigKey.EXPERIMENT) {
            return experimentName();
        }
        if (k == ConfigKey.SYSTEM_METRICS && !raw.containsKey(k)) {
            return String.valueOf(systemMetrics());
        }
        if (k == ConfigKey.SYSTEM_METRICS_INTERVAL && !raw.containsKey(k) && mlflowSystemMetrics.interval() != null) {
            return mlflowSystemMetrics.interval().toMillis() + "ms";
        }
        String v = raw.get(k);
        return v != null ? v : k.defaultText;
    }

    /**
     * A copy with one key (with or without the {@code autolog.} prefix) overridden, above all sources. A null or
     * empty value removes the override and any source's value, so the default (or MLFLOW_* fallback) applies.
     *
     * @throws IllegalArgumentException for an unknown key, for {@code autolog.config} (only read at load), or for
     *     a value load would reject (e.g. "invalid autolog.debug=maybe: expected true or false")
     */
    public AutologConfig with(String key, String value) {
        String name = key == null ? "null" : ConfigKey.withPrefix(key.trim());
        ConfigKey k = ConfigKey.byName(name);
        if (k == null) {
            throw new IllegalArgumentException("unknown key " + name + "; known keys: " + ConfigKey.KNOWN_KEYS_TEXT);
        }
        if (k == ConfigKey.CONFIG) {
            throw new IllegalArgumentException(k.name + " is only read when the configuration is loaded");
        }
        Map<ConfigKey, String> newRaw = new LinkedHashMap<>(raw);
        Map<ConfigKey, Object> newParsed = new LinkedHashMap<>(parsed);
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            newRaw.remove(k);
            newParsed.remove(k);
        } else {
            List<String> problems = new ArrayList<>();
            Object p = k.parse(v, problems::add, false);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            newRaw.put(k, v);
            newParsed.put(k, p);
        }
        return new AutologConfig(inKeyOrder(newRaw), inKeyOrder(newParsed), mlflowTrackingUri, mlflowExperimentName,
                mlflowSystemMetrics);
    }

    /** Every known key with the value in effect; secrets masked. For debug output. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AutologConfig{");
        String sep = "";
        for (ConfigKey key : ConfigKey.ALL) {
            String v = get(key.name);
            if (v != null) {
                sb.append(sep).append(key.name).append('=').append(ConfigKey.shown(key.name, v));
                sep = ", ";
            }
        }
        return sb.append('}').toString();
    }

    private Object value(ConfigKey key) {
        Object v = parsed.get(key);
        return v != null ? v : key.defaultValue;
    }

    private static String firstValue(List<Map<ConfigKey, String>> sources, ConfigKey key) {
        for (Map<ConfigKey, String> source : sources) {
            String v = source.get(key);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static <V> Map<ConfigKey, V> inKeyOrder(Map<ConfigKey, V> map) {
        Map<ConfigKey, V> out = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKey.ALL) {
            if (map.containsKey(key)) {
                out.put(key, map.get(key));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Warnings never make load fail: a null or throwing consumer loses the line, not the configuration. */
    private static Consumer<String> safe(Consumer<String> warnings) {
        return message -> {
            if (warnings == null) {
                return;
            }
            try {
                warnings.accept(message);
            } catch (RuntimeException ignored) {
                // the configuration matters more than the warning
            }
        };
    }
}
