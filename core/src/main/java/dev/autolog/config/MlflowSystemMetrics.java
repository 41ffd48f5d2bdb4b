package dev.autolog.config;

import dev.autolog.logging.TerminalText;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * MLflow's own environment variables for system metrics, honoured below the {@code autolog.system.metrics*} keys:
 * {@code MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING} (true, false, 1 or 0, as MLflow's boolean variables take) and
 * {@code MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL} (seconds, fractions allowed). Null fields are unset.
 */
record MlflowSystemMetrics(Boolean enabled, Duration interval) {
    static final String ENABLE = "MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING";
    static final String INTERVAL = "MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL";
    static final MlflowSystemMetrics NONE = new MlflowSystemMetrics(null, null);

    static MlflowSystemMetrics read(Map<String, String> env, Consumer<String> warnings) {
        return new MlflowSystemMetrics(enabled(env.get(ENABLE), warnings), interval(env.get(INTERVAL), warnings));
    }

    private static Boolean enabled(String value, Consumer<String> warnings) {
        if (value == null || value.isBlank()) {
            return null;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
                return Boolean.TRUE;
            case "false":
            case "0":
                return Boolean.FALSE;
            default:
                warnings.accept("ignoring " + ENABLE + "=" + TerminalText.shortened(value.trim()) + ": expected true, false, 1 or 0; "
                        + "system metrics stay off");
                return null;
        }
    }

    private static Duration interval(String value, Consumer<String> warnings) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Duration d = Duration.ofMillis(new BigDecimal(value.trim()).movePointRight(3).longValueExact());
            if (d.compareTo(ConfigKey.SYSTEM_METRICS_INTERVAL.min) >= 0 && d.compareTo(ConfigKey.LONGEST) <= 0) {
                return d;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        warnings.accept("ignoring " + INTERVAL + "=" + TerminalText.shortened(value.trim()) + ": expected a number of seconds from "
                + "0.1 to 86400; using " + ConfigKey.SYSTEM_METRICS_INTERVAL.defaultText);
        return null;
    }
}
