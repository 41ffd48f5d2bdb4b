package dev.autolog.backend.mlflow;

import java.util.Collection;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A server's error text made fit to show: whatever looks like a credential is replaced by {@code ***} (the configured
 * token or password and the Basic value in any form {@link EchoedSecret} knows; Authorization, Cookie and Set-Cookie
 * headers, Basic and Bearer values, {@code token=}, {@code password=} and the like, raw or percent-encoded); ANSI
 * escape sequences and format characters are dropped, other control characters become spaces, and the result is one
 * line of at most {@link #MAX_LENGTH} characters. A proxy or a misconfigured server may echo a request's headers back.
 */
final class ErrorText {
    static final int MAX_LENGTH = 300;
    /** How much of an error body is cleaned: ample for the {@value #MAX_LENGTH} characters shown. */
    static final int MAX_CLEANED = 64 * 1024;
    private static final String HIDDEN = "***";
    private static final String QUOTE = "(?:[\"']|%2[27]|\\\\\")";
    /** A word's start, also right after a percent-escape ({@code %0ACookie%3A...}). */
    private static final String WORD_START = "(?:\\b|(?<=%[0-9a-f]{2}))";
    /** Repeated at most 8 times: Java's matcher recurses on each repetition of a group. */
    private static final String SPACE = "(?:\\s|%20|\\+)";
    private static final String SEPARATOR = QUOTE + "?" + SPACE + "{0,8}(?::|=|%3a|%3d)" + SPACE + "{0,8}" + QUOTE
            + "?";
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)((?:proxy-)?authorization" + SEPARATOR
            + ")(?:(?:basic|bearer|token|digest)" + SPACE + "{1,8})?"
            + value("\\s\"',;", "09|0a|0d|20|22|27|2c|3b|5c"));
    /** A cookie header's value runs to the end of its line (or of the quoted string holding it). */
    private static final Pattern COOKIE = Pattern.compile("(?i)" + WORD_START + "((?:set-)?cookie2?" + SEPARATOR
            + ")" + value("\\r\\n\"'<", "0a|0d|22|27|3c|5c"));
    private static final Pattern SCHEME_VALUE = Pattern.compile("(?i)" + WORD_START + "(basic|bearer)" + SPACE
            + "{1,8}[A-Za-z0-9._~+/=%-]{3,}?(?=[^A-Za-z0-9._~+/=%-]|%(?!2b|2f|3d)|$)");
    private static final Pattern KEY_VALUE = Pattern.compile("(?i)" + WORD_START
            + "((?:access[_-]?|api[_-]?|auth[_-]?|refresh[_-]?|csrf[_-]?|session[_-]?)?"
            + "(?:token|password|passwd|pwd|secret|api[_-]?key)" + SEPARATOR + ")"
            + value("\\s&\"',;", "09|0a|0d|20|22|26|27|2c|3b|5c"));
    private static final Pattern INVISIBLE = Pattern.compile("\\x1b\\[[0-?]*[ -/]*[@-~]|\\x9b[0-?]*[ -/]*[@-~]"
            + "|\\x1b\\][^\\x07\\x1b\\r\\n]*(?:\\x07|\\x1b\\\\)|\\p{Cf}+");
    private static final Pattern LINE_BREAKING = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}\\s]+");

    private ErrorText() {
    }

    /**
     * A value up to one of {@code stops}, raw, or percent-encoded as one of {@code encodedStops}, or up to a backslash
     * (a JSON escape). Matched lazily, character by character, so that a long value needs no deep recursion.
     */
    private static String value(String stops, String encodedStops) {
        return "[^" + stops + "\\\\]+?(?=[" + stops + "\\\\]|%(?:" + encodedStops + ")|$)";
    }

    static String clean(String text, Collection<String> secrets) {
        String s = text == null ? "" : text;
        if (s.length() > MAX_CLEANED) {
            // only a body's start can reach the line shown; cleaning megabytes a server sent would take seconds of CPU
            s = start(s, MAX_CLEANED);
        }
        for (Pattern secret : secrets.stream().filter(Objects::nonNull).map(EchoedSecret::pattern)
                .filter(Objects::nonNull).toList()) {
            s = secret.matcher(s).replaceAll(HIDDEN);
        }
        s = INVISIBLE.matcher(s).replaceAll("");
        s = AUTHORIZATION.matcher(s).replaceAll("$1" + HIDDEN);
        s = COOKIE.matcher(s).replaceAll("$1" + HIDDEN);
        s = SCHEME_VALUE.matcher(s).replaceAll("$1 " + HIDDEN);
        s = KEY_VALUE.matcher(s).replaceAll("$1" + HIDDEN);
        s = LINE_BREAKING.matcher(s).replaceAll(" ").trim();
        return s.length() > MAX_LENGTH ? start(s, MAX_LENGTH) + "..." : s;
    }

    /** The first {@code length} characters of {@code s}, one fewer rather than half a surrogate pair. */
    private static String start(String s, int length) {
        return s.substring(0, Character.isHighSurrogate(s.charAt(length - 1)) ? length - 1 : length);
    }
}
