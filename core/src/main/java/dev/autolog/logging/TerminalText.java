package dev.autolog.logging;

/**
 * Makes text from a store, a request or the command line safe to print on a terminal: control characters (C0, DEL,
 * C1), line and paragraph separators and bidirectional overrides are shown escaped ({@code \e}, {@code \x07},
 * {@code \r}, {@code \u202e}), so a run name cannot move the cursor, retitle the window, hide text or reorder it.
 */
public final class TerminalText {
    /** How much of a name or value a one-line message quotes. */
    public static final int QUOTED_LENGTH = 200;

    private TerminalText() {
    }

    /**
     * {@code text} cut to {@link #QUOTED_LENGTH} characters, for quoting a name or value in a one-line message: a
     * longer one ends with an ellipsis and its length, e.g. {@code "aaa…(1048576 characters)"}.
     */
    public static String shortened(String text) {
        return shortened(text, QUOTED_LENGTH);
    }

    /** {@code text} cut to {@code length} characters, followed by an ellipsis and its length when it was longer. */
    public static String shortened(String text, int length) {
        if (text == null || text.length() <= length) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
        return text.substring(0, end) + "…(" + text.length() + " characters)";
    }

    public static String safe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = escape(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                out.append(escaped != null ? escaped : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    private static String escape(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\u001b' -> "\\e";
            default -> c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c)
                    : isInvisibleControl(c) ? String.format("\\u%04x", (int) c) : null;
        };
    }

    /** C1 controls, line and paragraph separators, and the bidirectional marks, embeddings, overrides, isolates. */
    public static boolean isInvisibleControl(char c) {
        return c >= 0x80 && c <= 0x9f || c == 0x2028 || c == 0x2029 || c == 0x061c || c == 0x200e || c == 0x200f
                || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
    }
}
