package dev.autolog.config;

import dev.autolog.logging.TerminalText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One known configuration key: its name, its environment-variable name, its type, its default and how a raw
 * string is turned into a value. All known keys are listed in {@link #ALL}.
 */
final class ConfigKey {

    static final String PREFIX = "autolog.";
    static final List<String> INTEGRATIONS = List.of("xgboost", "spark", "tribuo", "smile", "dl4j", "djl");
    static final int MAX_QUEUE_CAPACITY = 100_000_000;

    enum Type { BOOLEAN, STRING, DURATION, CAPACITY, TAGS, PATH, MODEL_NAME, PACKAGES }

    /**
     * The longest duration any key accepts: waits and timeouts beyond a day are mistakes, and a bound keeps every
     * deadline computed from them far from overflowing.
     */
    static final Duration LONGEST = Duration.ofHours(24);

    static final ConfigKey ENABLED = new ConfigKey("autolog.enabled", Type.BOOLEAN, true, "true");
    static final ConfigKey TRACKING_URI = new ConfigKey("autolog.tracking.uri", Type.STRING, "./mlruns", "./mlruns");
    static final ConfigKey EXPERIMENT = new ConfigKey("autolog.experiment", Type.STRING, "Default", "Default");
    static final ConfigKey RUN_TAGS = new ConfigKey("autolog.run.tags", Type.TAGS, Map.of(), null);
    static final ConfigKey LOG_MODELS = new ConfigKey("autolog.log.models", Type.BOOLEAN, true, "true");
    static final ConfigKey LOG_MODEL_SIGNATURES =
            new ConfigKey("autolog.log.model.signatures", Type.BOOLEAN, true, "true");
    static final ConfigKey LOG_INPUT_EXAMPLES =
            new ConfigKey("autolog.log.input.examples", Type.BOOLEAN, false, "false");
    static final ConfigKey LOG_DATASETS = new ConfigKey("autolog.log.datasets", Type.BOOLEAN, true, "true");
    static final ConfigKey REGISTERED_MODEL_NAME =
            new ConfigKey("autolog.registered.model.name", Type.MODEL_NAME, null, null);
    static final ConfigKey XGBOOST_FEATURE_IMPORTANCE =
            new ConfigKey("autolog.xgboost.log.feature.importance", Type.BOOLEAN, true, "true");
    static final ConfigKey DL4J_IDLE_TIMEOUT =
            duration("autolog.dl4j.idle.timeout", Duration.ofMinutes(5), "5m", Duration.ZERO, "0");
    static final ConfigKey SPARK_MAX_TUNING_RUNS =
            new ConfigKey("autolog.spark.max.tuning.runs", Type.CAPACITY, 5, "5");
    static final ConfigKey SPARK_IGNORE_PACKAGES =
            new ConfigKey("autolog.spark.ignore.packages", Type.PACKAGES, List.of(), null);
    static final ConfigKey SPARK_TRAINING_AREA_UNDER_ROC =
            new ConfigKey("autolog.spark.training.area.under.roc", Type.BOOLEAN, false, "false");
    static final ConfigKey DEBUG = new ConfigKey("autolog.debug", Type.BOOLEAN, false, "false");
    /** Read by the agent's entry point from a system property or the environment only; listed to be known. */
    static final ConfigKey AGENT_BOOT_CLASS_PATH =
            new ConfigKey("autolog.agent.boot.class.path", Type.BOOLEAN, false, "false");
    /** From 100ms: a flush needs a moment even when nothing is left to send. */
    static final ConfigKey FLUSH_TIMEOUT =
            duration("autolog.flush.timeout", Duration.ofSeconds(10), "10s", Duration.ofMillis(100), "100ms");
    static final ConfigKey QUEUE_CAPACITY = new ConfigKey("autolog.queue.capacity", Type.CAPACITY, 100_000, "100000");
    static final ConfigKey CONFIG = new ConfigKey("autolog.config", Type.PATH, null, null);
    /** From 1s: a shorter request timeout fails requests a working server answers (and 0 would mean none). */
    static final ConfigKey MLFLOW_TIMEOUT =
            duration("autolog.mlflow.timeout", Duration.ofSeconds(30), "30s", Duration.ofSeconds(1), "1s");
    static final ConfigKey MLFLOW_SPOOL_DIR = new ConfigKey("autolog.mlflow.spool.dir", Type.PATH, "./mlruns", "./mlruns");
    static final ConfigKey SYSTEM_METRICS = new ConfigKey("autolog.system.metrics", Type.BOOLEAN, false, "false");
    /** From 100ms: sampling more often than this would cost the host real CPU. */
    static final ConfigKey SYSTEM_METRICS_INTERVAL = duration("autolog.system.metrics.interval",
            Duration.ofSeconds(10), "10s", Duration.ofMillis(100), "100ms");

    /** Every known key, in the order warnings and {@code toString} list them. */
    static final List<ConfigKey> ALL;
    private static final Map<String, ConfigKey> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, ConfigKey> BY_ENV_NAME = new LinkedHashMap<>();

    static {
        List<ConfigKey> all = new ArrayList<>(List.of(ENABLED, TRACKING_URI, EXPERIMENT, RUN_TAGS, LOG_MODELS,
                LOG_MODEL_SIGNATURES, LOG_INPUT_EXAMPLES, LOG_DATASETS, REGISTERED_MODEL_NAME,
                XGBOOST_FEATURE_IMPORTANCE, DEBUG, FLUSH_TIMEOUT, QUEUE_CAPACITY, CONFIG, MLFLOW_TIMEOUT,
                MLFLOW_SPOOL_DIR, DL4J_IDLE_TIMEOUT, SPARK_MAX_TUNING_RUNS, SYSTEM_METRICS, SYSTEM_METRICS_INTERVAL,
                SPARK_IGNORE_PACKAGES, SPARK_TRAINING_AREA_UNDER_ROC, AGENT_BOOT_CLASS_PATH));
        for (String integration : INTEGRATIONS) {
            all.add(new ConfigKey(integrationKey(integration), Type.BOOLEAN, true, "true"));
        }
        ALL = Collections.unmodifiableList(all);
        for (ConfigKey key : ALL) {
            BY_NAME.put(key.name, key);
            BY_ENV_NAME.put(key.envName, key);
        }
    }

    /** The text after "known keys: " in unknown-key warnings. */
    static final String KNOWN_KEYS_TEXT = knownKeysText();

    private static final Pattern PACKAGE = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);
    private static final String DURATION_FORMS = "like 10s, 500ms, 2m or a number of seconds";

    final String name;
    final String envName;
    final Type type;
    /** The typed default value: Boolean, String, Duration, Integer, Map or null. */
    final Object defaultValue;
    /** The default as text, as {@link AutologConfig#get} returns it; null when there is none. */
    final String defaultText;
    /** For a {@link Type#DURATION}: the shortest value accepted (the longest is {@link #LONGEST}); else null. */
    final Duration min;
    private final String minText;

    private ConfigKey(String name, Type type, Object defaultValue, String defaultText) {
        this(name, type, defaultValue, defaultText, null, null);
    }

    private ConfigKey(String name, Type type, Object defaultValue, String defaultText, Duration min, String minText) {
        this.name = name;
        this.envName = envName(name);
        this.type = type;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.min = min;
        this.minText = minText;
    }

    private static ConfigKey duration(String name, Duration defaultValue, String defaultText, Duration min,
                                      String minText) {
        return new ConfigKey(name, Type.DURATION, defaultValue, defaultText, min, minText);
    }

    static String integrationKey(String integration) {
        return PREFIX + "integration." + integration + ".enabled";
    }

    /** The environment variable of {@code key}: upper-cased, '.' and '-' replaced by '_'. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The known key called {@code name} (with its {@code autolog.} prefix), or null. */
    static ConfigKey byName(String name) {
        return BY_NAME.get(name);
    }

    /** The known key whose environment variable is {@code envName}, or null. */
    static ConfigKey byEnvName(String envName) {
        return BY_ENV_NAME.get(envName);
    }

    /** {@code key} with the {@code autolog.} prefix added when missing. */
    static String withPrefix(String key) {
        return key.startsWith(PREFIX) ? key : PREFIX + key;
    }

    /** Keys whose values are never printed. */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith("password") || k.endsWith("token") || k.endsWith("secret");
    }

    /** {@code value} as it may be printed next to {@code key}: masked for secrets. */
    static String shown(String key, String value) {
        return isSecret(key) ? "****" : value;
    }

    /**
     * Parses a raw (trimmed, non-empty) value of this key. Each problem is reported as one line to
     * {@code problems}; returns null when the whole value is unusable (the default applies).
     */
    Object parse(String raw, Consumer<String> problems) {
        return parse(raw, problems, true);
    }

    /**
     * As {@link #parse(String, Consumer)}; {@code atLoad} false words problems for a value that is rejected
     * rather than replaced by the default ("invalid k=v: expected ..." instead of "ignoring k=v: ...; using d").
     */
    Object parse(String raw, Consumer<String> problems, boolean atLoad) {
        switch (type) {
            case BOOLEAN:
                if (raw.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (raw.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                problems.accept(ignoring(raw, atLoad, "true or false"));
                return null;
            case DURATION:
                return parseDuration(raw, problems, atLoad);
            case CAPACITY:
                return parseCapacity(raw, problems, atLoad);
            case TAGS:
                return parseTags(raw, problems, atLoad);
            case MODEL_NAME:
                return parseModelName(raw, problems, atLoad);
            case PACKAGES:
                return parsePackages(raw, problems, atLoad);
            case STRING:
            case PATH:
            default:
                return raw;
        }
    }

    private String ignoring(String raw, boolean atLoad, String expected) {
        String what = name + "=" + TerminalText.shortened(shown(name, raw)) + ": expected " + expected;
        return atLoad ? "ignoring " + what + "; using " + defaultText : "invalid " + what;
    }

    /** A whole number with an optional unit (ms, s, m or h; seconds without), from {@link #min} to a day. */
    private Duration parseDuration(String raw, Consumer<String> problems, boolean atLoad) {
        Matcher m = DURATION.matcher(raw);
        Duration d = null;
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
                switch (unit) {
                    case "ms":
                        d = Duration.ofMillis(n);
                        break;
                    case "m":
                        d = Duration.ofMinutes(n);
                        break;
                    case "h":
                        d = Duration.ofHours(n);
                        break;
                    default:
                        d = Duration.ofSeconds(n);
                        break;
                }
            } catch (ArithmeticException | NumberFormatException e) {
                d = null;
            }
        }
        if (d == null || d.compareTo(min) < 0 || d.compareTo(LONGEST) > 0) {
            problems.accept(ignoring(raw, atLoad, "a duration from " + minText + " to 24h " + DURATION_FORMS));
            return null;
        }
        return d;
    }

    private Integer parseCapacity(String raw, Consumer<String> problems, boolean atLoad) {
        if (raw.matches("\\d{1,9}")) {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= MAX_QUEUE_CAPACITY) {
                return n;
            }
        }
        problems.accept(ignoring(raw, atLoad, "a whole number from 1 to " + MAX_QUEUE_CAPACITY));
        return null;
    }

    /** MLflow's rule for registered model names (validation.py and the file registry): no '/', ':' or '%'. */
    private String parseModelName(String raw, Consumer<String> problems, boolean atLoad) {
        if (raw.indexOf('/') < 0 && raw.indexOf(':') < 0 && raw.indexOf('%') < 0 && raw.indexOf('\\') < 0
                && !raw.equals(".") && !raw.equals("..")) {
            return raw;
        }
        problems.accept((atLoad ? "ignoring " : "invalid ") + name + "=" + TerminalText.shortened(raw)
                + ": a registered model name must not contain '/', ':', '%' or '\\' nor be '.' or '..'"
                + (atLoad ? "; models are logged but not registered" : ""));
        return null;
    }

    /** "a.b,c.d": Java package names split on ','; a bad one is reported and skipped. */
    private List<String> parsePackages(String raw, Consumer<String> problems, boolean atLoad) {
        List<String> packages = new ArrayList<>();
        for (String part : raw.split(",")) {
            String p = part.trim();
            if (PACKAGE.matcher(p).matches()) {
                packages.add(p);
            } else if (!p.isEmpty()) {
                problems.accept((atLoad ? "ignoring " : "invalid ") + name + " entry \"" + TerminalText.shortened(p)
                        + "\": expected a Java package name such as com.example.ml, entries separated by ','");
            }
        }
        return List.copyOf(packages);
    }

    /** "k=v;k=v": pairs split on ';', each on its first '='; a bad pair is reported and skipped. */
    private Map<String, String> parseTags(String raw, Consumer<String> problems, boolean atLoad) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String pair : raw.split(";")) {
            String p = pair.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = eq < 0 ? "" : p.substring(0, eq).trim();
            if (key.isEmpty()) {
                problems.accept((atLoad ? "ignoring " : "invalid ") + name + " pair \"" + TerminalText.shortened(p)
                        + "\": expected key=value with a non-empty key, pairs separated by ';'");
                continue;
            }
            tags.put(key, p.substring(eq + 1).trim());
        }
        return Collections.unmodifiableMap(tags);
    }

    /**
     * The known key an unknown one most likely misspells (at most 3 edits, and fewer than a third of what follows
     * {@code autolog.}), or null.
     */
    static String closest(String unknown) {
        int allowed = Math.min(3, (unknown.length() - PREFIX.length()) / 3);
        String best = null;
        int bestDistance = allowed + 1;
        for (ConfigKey key : ALL) {
            int d = EditDistance.between(unknown, key.name, bestDistance);
            if (d < bestDistance) {
                best = key.name;
                bestDistance = d;
            }
        }
        return best;
    }

    private static String knownKeysText() {
        StringBuilder sb = new StringBuilder();
        for (ConfigKey key : ALL) {
            if (!key.name.startsWith(PREFIX + "integration.")) {
                sb.append(key.name).append(", ");
            }
        }
        return sb.append(PREFIX).append("integration.<").append(String.join("|", INTEGRATIONS))
                .append(">.enabled").toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
