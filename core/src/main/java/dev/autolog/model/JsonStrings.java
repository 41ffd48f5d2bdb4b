package dev.autolog.model;

/** A JSON string literal: quotes, backslashes and control characters escaped. */
public final class JsonStrings {
    private JsonStrings() {
    }

    /** {@code asciiOnly}: also every character outside printable ASCII as {@code \\uXXXX}, as Python's json does. */
    public static void quote(StringBuilder out, String s, boolean asciiOnly) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || asciiOnly && c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
