package dev.autolog.backend;

import dev.autolog.logging.TerminalText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes the flat YAML maps of MLflow's {@code meta.yaml} files: one {@code key: value} per line,
 * scalar values only (plus the empty list {@code []}). Values written are Strings (quoted when YAML would read
 * them as something else), Numbers, {@code null} or an empty {@link List}.
 */
public final class YamlMeta {
    private static final Set<String> RESERVED = Set.of("null", "~", "true", "false", "yes", "no", "on", "off",
            "y", "n", "=", "<<");
    /** What a YAML 1.1 or 1.2 reader may take for a number or date (broader than PyYAML's own rules). */
    private static final Pattern NUMBER_LIKE = Pattern.compile("[-+]?\\.?[0-9][0-9_.,:eE+\\-]*|[-+]?0[xXoObB][0-9a-fA-F_]+"
            + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
    private static final Pattern URI_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:///?[^\\s#'\"]*");
    private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");
    private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@`";

    private YamlMeta() {
    }

    static String format(Map<String, ?> entries) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, ?> e : entries.entrySet()) {
            out.append(e.getKey()).append(": ").append(value(e.getValue())).append('\n');
        }
        return out.toString();
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number) {
            return v.toString();
        }
        if (v instanceof List<?> list && list.isEmpty()) {
            return "[]";
        }
        return scalar(v.toString());
    }

    /** A string as a YAML scalar that reads back as exactly that string. */
    public static String scalar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c >= 0xfffe || c == 0xfeff) {
                return doubleQuoted(s);
            }
        }
        return needsQuotes(s) ? "'" + s.replace("'", "''") + "'" : s;
    }

    private static boolean needsQuotes(String s) {
        if (s.isEmpty() || s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ') {
            return true;
        }
        if (INDICATORS.indexOf(s.charAt(0)) >= 0 || s.indexOf('\'') >= 0 || s.indexOf('"') >= 0) {
            return true;
        }
        if ((s.indexOf(':') >= 0 || s.indexOf('#') >= 0) && !URI_LIKE.matcher(s).matches()) {
            return true;
        }
        return RESERVED.contains(s.toLowerCase(Locale.ROOT)) || NUMBER_LIKE.matcher(s).matches();
    }

    private static String doubleQuoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else if (c == 0x2028 || c == 0x2029 || c >= 0xfffe || c == 0xfeff) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Reads a flat map; values are unquoted strings, {@code null} for YAML null. Malformed text is an IOException. */
    static Map<String, String> read(Path file) throws IOException {
        String text = new String(BoundedFiles.read(file, BoundedFiles.STORE_FILE_BYTES), StandardCharsets.UTF_8);
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed " + file + ": " + e.getMessage(), e);
        }
    }

    static Map<String, String> parse(String text) {
        Map<String, FoldedValue> raw = new LinkedHashMap<>();
        FoldedValue last = null;
        for (String line : LINE_BREAK.split(text)) {
            if (line.isBlank()) {
                if (last != null) {
                    last.blankLine();
                }
                continue;
            }
            if (line.startsWith("#") || line.equals("---") || line.equals("...")) {
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t' || line.charAt(0) == '-') {
                // continuation of a folded scalar, or an item of a block list (ignored: only scalars are kept)
                if (last != null) {
                    last.fold(line.strip());
                }
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon < 0 && line.endsWith(":")) {
                colon = line.length() - 1;
            }
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + TerminalText.shortened(line, 80) + "' is no 'key: value' line");
            }
            last = new FoldedValue(line.substring(colon + 1).strip());
            raw.put(line.substring(0, colon).strip(), last);
        }
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, decode(v.text.toString())));
        return out;
    }

    /**
     * A value and the lines folded into it, joined in place: a value folded over a million lines (a planted 2 MiB
     * meta.yaml) costs its length, not its length times its lines.
     */
    private static final class FoldedValue {
        private final StringBuilder text;
        private final boolean doubleQuoted;
        /** The backslashes ending {@link #text}: an odd count escapes the line break. */
        private int trailingBackslashes;
        /** Blank lines since the last line folded in: each one is a line break of the value, if it goes on. */
        private int blankLines;

        FoldedValue(String first) {
            text = new StringBuilder(first);
            doubleQuoted = first.startsWith("\"");
            trailingBackslashes = trailingBackslashes(first, 0);
        }

        void blankLine() {
            blankLines++;
        }

        /**
         * YAML's line folding of flow scalars (PyYAML writes a value's line breaks so, {@code 'a\n\n  b'} for
         * {@code "a\nb"}): a line break between two lines is a space, unless blank lines come between them, each of
         * which is then a line break.
         */
        void fold(String line) {
            int blanks = blankLines;
            blankLines = 0;
            if (text.isEmpty() || text.length() == 2 && "[]".contentEquals(text)) {
                return;
            }
            if (doubleQuoted && trailingBackslashes % 2 == 1) { // an escaped line break: no space
                text.setLength(text.length() - 1);
                text.append("\\n".repeat(blanks)).append(line);
                trailingBackslashes = trailingBackslashes(line, blanks > 0 ? 0 : trailingBackslashes - 1);
            } else {
                // escaped in a double-quoted value, which is decoded once whole
                text.append(blanks == 0 ? " " : (doubleQuoted ? "\\n" : "\n").repeat(blanks)).append(line);
                trailingBackslashes = trailingBackslashes(line, 0);
            }
        }

        /** The backslashes ending {@code line}, plus {@code before} when the line is nothing but backslashes. */
        private static int trailingBackslashes(String line, int before) {
            int n = 0;
            while (n < line.length() && line.charAt(line.length() - 1 - n) == '\\') {
                n++;
            }
            return n == line.length() ? before + n : n;
        }
    }

    private static String decode(String v) {
        if (v.isEmpty() || v.equals("null") || v.equals("~") || v.equals("Null") || v.equals("NULL")) {
            return null;
        }
        if (v.startsWith("'")) {
            if (v.length() < 2 || !v.endsWith("'")) {
                throw new IllegalArgumentException("the quoted value " + TerminalText.shortened(v, 80) + " is not closed");
            }
            return v.substring(1, v.length() - 1).replace("''", "'");
        }
        if (v.startsWith("\"")) {
            return unescape(v);
        }
        int comment = v.indexOf(" #");
        return comment >= 0 ? v.substring(0, comment).strip() : v;
    }

    private static String unescape(String v) {
        StringBuilder out = new StringBuilder();
        int i = 1;
        while (i < v.length()) {
            char c = v.charAt(i++);
            if (c == '"') {
                if (i != v.length()) {
                    throw new IllegalArgumentException("the quoted value " + TerminalText.shortened(v, 80)
                            + " has text after its closing quote");
                }
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= v.length()) {
                break;
            }
            char e = v.charAt(i++);
            int hex = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
            if (hex > 0) {
                if (i + hex > v.length()) {
                    break;
                }
                out.appendCodePoint(Integer.parseInt(v.substring(i, i + hex), 16));
                i += hex;
                continue;
            }
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'e' -> out.append('\u001b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case 'N' -> out.append('\u0085');
                case '_' -> out.append('\u00a0');
                case 'L' -> out.append('\u2028');
                case 'P' -> out.append('\u2029');
                default -> out.append(e); // \\ \" \/ and \<space>
            }
        }
        throw new IllegalArgumentException("the quoted value " + TerminalText.shortened(v, 80) + " is not closed");
    }
}
