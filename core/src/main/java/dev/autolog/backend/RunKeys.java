package dev.autolog.backend;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which stored key each key of one run went to, for params, metrics and tags alike: a key MLflow accepts is stored
 * as it is, any other under {@link MlflowKeys#accepted}, and when that name is already another key's, under
 * {@link MlflowKeys#withSuffix}. A key keeps its stored key for the life of the run; the run tag {@value #TAG} lists
 * every key that was stored under another name, one {@code given → stored} per line, and seeds the table again when
 * another store instance writes to the run.
 */
final class RunKeys {
    static final String TAG = "autolog.renamed";
    private static final String ARROW = " \u2192 ";

    private final Map<String, String> renamed = new LinkedHashMap<>();
    private final Set<String> storedRenamed = new HashSet<>();
    private boolean changed;

    /** The table a run's {@value #TAG} tag describes; empty for null. */
    static RunKeys read(String tagValue) {
        RunKeys keys = new RunKeys();
        if (tagValue != null) {
            for (String line : tagValue.split("\n")) {
                int arrow = line.lastIndexOf(ARROW);
                if (arrow >= 0) {
                    keys.put(unescape(line.substring(0, arrow)), line.substring(arrow + ARROW.length()));
                }
            }
        }
        keys.changed = false;
        return keys;
    }

    /**
     * The stored key of each of {@code given} (in order: the first of two keys that map to one name gets it, unless
     * a key that needs no mapping wants it). {@code onDisk} says whether a name clashes with the run's files: it is
     * a stored key or a folder of them, or one of its folders is a stored key.
     */
    Map<String, String> map(Collection<String> given, Predicate<String> onDisk) {
        Set<String> keptInBatch = new HashSet<>();
        for (String key : given) {
            if (!renamed.containsKey(key) && !storedRenamed.contains(key) && MlflowKeys.isAccepted(key)) {
                keptInBatch.add(key);
            }
        }
        Predicate<String> taken = name -> clashes(name, storedRenamed) || clashes(name, keptInBatch)
                || onDisk.test(name);
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : given) {
            String known = renamed.get(key);
            out.put(key, keptInBatch.contains(key) ? key : known != null ? known : rename(key, 0, taken));
        }
        return out;
    }

    /** A new stored key for {@code key}, whose stored key turned out to clash with the run's files. */
    String moveAside(String key, Predicate<String> onDisk) {
        storedRenamed.remove(renamed.remove(key));
        return rename(key, 1, name -> clashes(name, storedRenamed) || onDisk.test(name));
    }

    private String rename(String key, int firstAttempt, Predicate<String> taken) {
        String name = firstAttempt == 0 ? MlflowKeys.accepted(key) : MlflowKeys.withSuffix(key, firstAttempt);
        for (int attempt = firstAttempt; name.equals(key) || taken.test(name); attempt++) {
            name = MlflowKeys.withSuffix(key, attempt);
        }
        put(key, name);
        return name;
    }

    /** Whether {@code name} is one of {@code names}, a folder of one, or inside one. */
    private static boolean clashes(String name, Set<String> names) {
        if (names.isEmpty()) {
            return false;
        }
        for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
            if (names.contains(name.substring(0, slash))) {
                return true;
            }
        }
        if (names.contains(name)) {
            return true;
        }
        String folder = name + "/";
        return names.stream().anyMatch(n -> n.startsWith(folder));
    }

    private void put(String given, String stored) {
        renamed.put(given, stored);
        storedRenamed.add(stored);
        changed = true;
    }

    /** True once after keys were renamed since the last call: the {@value #TAG} tag needs writing. */
    boolean takeChanged() {
        boolean was = changed;
        changed = false;
        return was;
    }

    String tagValue() {
        StringBuilder out = new StringBuilder();
        renamed.forEach((given, stored) -> out.append(out.isEmpty() ? "" : "\n").append(escape(given)).append(ARROW)
                .append(stored));
        return out.toString();
    }

    /** Backslash and control characters escaped, so every mapping stays on its line. */
    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '\\') {
                out.append("\\\\");
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                out.append('\\');
                i++;
            } else if (c == '\\' && i + 5 < s.length() && s.substring(i + 1, i + 6).matches("u[0-9a-f]{4}")) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
