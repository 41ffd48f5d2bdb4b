package dev.autolog.backend;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key MLflow accepts for any key a user or framework gives. MLflow's rule ({@code mlflow/utils/validation.py}):
 * {@code ^[/\w.\- :]*$} with Python's Unicode {@code \w}; the path must not normalise to another one ({@code a//b},
 * {@code ./}, a leading or trailing '/') nor start with {@code ..}; at most 250 characters. Kept: letters and decimal
 * digits of any script (a subset of Python's {@code \w}), '_', '-', '.', ' ' and '/'; every other character becomes
 * '_', ':' included, since MLflow accepts it only from 2.16 on and never on Windows. Each '/'-separated part is also
 * a file name in the local store, so it is cut to 255 UTF-8 bytes.
 */
final class MlflowKeys {
    static final int MAX_KEY = 250;
    static final int MAX_PART_BYTES = 255;
    private static final int HASH_HEX = 8;

    private MlflowKeys() {
    }

    static String accepted(String key) {
        return fit(characters(key == null ? "" : key), MAX_KEY, MAX_PART_BYTES);
    }

    static boolean isAccepted(String key) {
        return key != null && (isPlainName(key) || accepted(key).equals(key));
    }

    /** The common case, checked without copying: ASCII letters, digits, '_', '-', '.', ' ', no '/'. */
    private static boolean isPlainName(String key) {
        int n = key.length();
        if (n == 0 || n > MAX_KEY || key.startsWith("..") || key.equals(".")) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || c == '.' || c == ' ';
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code key} made acceptable and ended by '_' and a hash of the key, so two keys that map to one name stay
     * apart, and the same key always gets one suffix. Later attempts, for the rare case where that name is taken too
     * or where a part of the path is another key's file, also flatten '/' to '_'.
     */
    static String withSuffix(String key, int attempt) {
        String given = key == null ? "" : key;
        String suffix = "_" + hash(attempt == 0 ? given : given + "#" + attempt);
        String chars = characters(given);
        return fit(attempt == 0 ? chars : chars.replace('/', '_'), MAX_KEY - suffix.length(),
                MAX_PART_BYTES - suffix.length()) + suffix;
    }

    private static String characters(String key) {
        StringBuilder out = new StringBuilder(key.length());
        key.codePoints().forEach(c -> {
            boolean kept = Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ' ' || c == '/';
            if (kept) {
                out.appendCodePoint(c);
            } else {
                out.append('_');
            }
        });
        return out.toString();
    }

    /** At most {@code maxChars} chars and {@code maxPartBytes} per part; no empty, '.' or '..' part. */
    private static String fit(String key, int maxChars, int maxPartBytes) {
        String cut = prefix(parts(key, maxPartBytes), maxChars);
        int end = cut.length();
        while (end > 1 && cut.charAt(end - 1) == '/') {
            end--;
        }
        String fitted = parts(cut.substring(0, end), maxPartBytes); // a cut may leave a '.' or '..' part at the end
        return fitted.startsWith("..") ? "__" + fitted.substring(2) : fitted;
    }

    private static String parts(String key, int maxPartBytes) {
        StringBuilder out = new StringBuilder(key.length() + 1);
        String[] parts = key.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = prefixBytes(parts[i], maxPartBytes);
            out.append(i == 0 ? "" : "/").append(p.isEmpty() || p.equals(".") ? "_" : p.equals("..") ? "__" : p);
        }
        return out.toString();
    }

    /** The first {@code max} chars, one fewer when the cut would split a surrogate pair. */
    private static String prefix(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return s.substring(0, Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max);
    }

    private static String prefixBytes(String s, int maxBytes) {
        if (s.length() * 3 <= maxBytes || s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            int size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(c);
        }
        return s.substring(0, i);
    }

    private static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required in every JVM", e);
        }
    }
}
