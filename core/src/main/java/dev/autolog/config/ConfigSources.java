package dev.autolog.config;

import dev.autolog.backend.BoundedFiles;
import dev.autolog.logging.TerminalText;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads the raw values of known keys from each configuration source. Unknown keys and malformed agent
 * arguments are reported (one line each) and dropped; values are trimmed and empty values count as unset.
 * Values are not validated here.
 */
final class ConfigSources {
    static final int MAX_FILE_BYTES = 1024 * 1024;

    private ConfigSources() {
    }

    /** Source 1: "key=value,key=value"; keys with or without the {@code autolog.} prefix. */
    static Map<ConfigKey, String> agentArgs(String agentArgs, Consumer<String> warnings) {
        Map<ConfigKey, String> out = new LinkedHashMap<>();
        if (agentArgs == null) {
            return out;
        }
        for (String part : agentArgs.split(",")) {
            String pair = part.trim();
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                warnings.accept("ignoring agent argument \"" + TerminalText.shortened(pair)
                        + "\": expected key=value pairs separated by ','");
                continue;
            }
            put(out, ConfigKey.withPrefix(pair.substring(0, eq).trim()), pair.substring(eq + 1), "agent argument",
                    warnings);
        }
        return out;
    }

    /** Source 2: system properties {@code autolog.*}. */
    static Map<ConfigKey, String> systemProperties(Properties props, Consumer<String> warnings) {
        Map<ConfigKey, String> out = new LinkedHashMap<>();
        if (props == null) {
            return out;
        }
        for (String name : new TreeSet<>(props.stringPropertyNames())) {
            if (name.startsWith(ConfigKey.PREFIX)) {
                put(out, name, props.getProperty(name), "system property", warnings);
            }
        }
        return out;
    }

    /** Source 3: environment variables {@code AUTOLOG_*}, matched against the env names of the known keys. */
    static Map<ConfigKey, String> environment(Map<String, String> env, Consumer<String> warnings) {
        Map<ConfigKey, String> out = new LinkedHashMap<>();
        if (env == null) {
            return out;
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String var = e.getKey();
            if (!var.startsWith("AUTOLOG_")) {
                continue;
            }
            ConfigKey key = ConfigKey.byEnvName(var);
            if (key == null) {
                String guess = var.toLowerCase(Locale.ROOT).replace('_', '.');
                warnings.accept(unknownKey(guess, "environment variable " + TerminalText.shortened(var)));
                continue;
            }
            putKnown(out, key, e.getValue());
        }
        return out;
    }

    /**
     * Source 4: the properties file {@code path} (keys with or without the prefix). Only a regular file of at most
     * {@link #MAX_FILE_BYTES} is read, checked before it is opened, so a FIFO, a device or a huge file never
     * blocks or floods start-up; anything else gives one warning and no values.
     */
    static Map<ConfigKey, String> file(String path, Consumer<String> warnings) {
        Map<ConfigKey, String> out = new LinkedHashMap<>();
        Properties props = new Properties();
        try {
            props.load(new StringReader(readBounded(Paths.get(path))));
        } catch (NoSuchFileException e) {
            warnings.accept(cannotRead(path, "no such file"));
            return out;
        } catch (CharacterCodingException e) {
            warnings.accept(cannotRead(path, "not UTF-8 text"));
            return out;
        } catch (IOException | IllegalArgumentException e) {
            String why = e instanceof BoundedFiles.UnreadableFileException ? e.getMessage()
                    : e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            warnings.accept(cannotRead(path, why));
            return out;
        }
        String source = "file " + TerminalText.shortened(path);
        List<String> names = new ArrayList<>(props.stringPropertyNames());
        names.sort(Comparator.comparing((String n) -> ConfigKey.withPrefix(n.trim())).thenComparing(n -> n));
        for (String name : names) {
            String key = ConfigKey.withPrefix(name.trim());
            if (ConfigKey.CONFIG.name.equals(key)) {
                warnings.accept("ignoring " + key + " in " + source
                        + ": it can only be set by an agent argument, a system property or an environment variable");
                continue;
            }
            put(out, key, props.getProperty(name), source, warnings);
        }
        return out;
    }

    /** The file's text, without the byte order mark some editors write first (it would join the first key). */
    private static String readBounded(Path p) throws IOException {
        String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(BoundedFiles.read(p, MAX_FILE_BYTES)))
                .toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    static String unknownKey(String key, String source) {
        String near = ConfigKey.closest(key);
        return "unknown key " + TerminalText.shortened(key) + " (from " + source + "); "
                + (near == null ? "" : "did you mean " + near + "? ") + "known keys: " + ConfigKey.KNOWN_KEYS_TEXT;
    }

    private static String cannotRead(String path, String why) {
        return "cannot read config file " + TerminalText.shortened(path) + " (" + ConfigKey.CONFIG.name + "): " + why
                + "; continuing without it";
    }

    private static void put(Map<ConfigKey, String> out, String name, String value, String source,
                            Consumer<String> warnings) {
        ConfigKey key = ConfigKey.byName(name);
        if (key == null) {
            warnings.accept(unknownKey(name, source));
            return;
        }
        putKnown(out, key, value);
    }

    /** Later values of the same key win; an empty value means "not set" (and clears an earlier one). */
    private static void putKnown(Map<ConfigKey, String> out, ConfigKey key, String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            out.remove(key);
        } else {
            out.put(key, v);
        }
    }
}
