package dev.autolog.backend.mlflow;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * A server's error text made fit to show: whatever looks like a credential is replaced by {@code ***} (an
 * Authorization header, Basic and Bearer values, {@code token=}, {@code password=} and the like, and the configured
 * token or password verbatim), control characters become spaces, and the result is one line of at most
 * {@link #MAX_LENGTH} characters. A proxy or a misconfigured server may echo a request's headers back.
 */
final class ErrorText {
    static final int MAX_LENGTH = 300;
    private static final String HIDDEN = "***";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)((?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?)(?:(?:basic|bearer|token|digest)\\s+)?[^\\s\"',;]+");
    private static final Pattern SCHEME_VALUE = Pattern.compile("(?i)\\b(basic|bearer)\\s+[A-Za-z0-9._~+/=-]{3,}");
    private static final Pattern KEY_VALUE = Pattern.compile("(?i)\\b((?:access[_-]?|api[_-]?|auth[_-]?|refresh[_-]?)?"
            + "(?:token|password|passwd|pwd|secret|api[_-]?key)[\"']?\\s*[=:]\\s*[\"']?)[^\\s&\"',;]+");
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}\\p{Cf}]+");

    private ErrorText() {
    }

    static String clean(String text, Collection<String> secrets) {
        String s = text == null ? "" : text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                s = s.replace(secret, HIDDEN);
            }
        }
        s = AUTHORIZATION.matcher(s).replaceAll("$1" + HIDDEN);
        s = SCHEME_VALUE.matcher(s).replaceAll("$1 " + HIDDEN);
        s = KEY_VALUE.matcher(s).replaceAll("$1" + HIDDEN);
        s = UNPRINTABLE.matcher(s).replaceAll(" ").replaceAll("\\s+", " ").trim();
        if (s.length() > MAX_LENGTH) {
            int end = Character.isHighSurrogate(s.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
            s = s.substring(0, end) + "...";
        }
        return s;
    }
}
