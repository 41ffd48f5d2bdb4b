package dev.autolog.backend.mlflow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A configured secret in any form a server or proxy may echo it back in: each character raw (in either case),
 * percent-encoded (either hex case), JSON-escaped or HTML-escaped, and between any two characters whatever a terminal
 * does not show or a transport inserts: whitespace, {@code +}, control and format characters (raw, percent-encoded or
 * JSON-escaped) and ANSI escape sequences. Whitespace and control characters of the secret itself are left out, so
 * that a secret with a space matches however the space was encoded.
 */
final class EchoedSecret {
    private static final String ANSI = "\\x1b(?:\\[|%5b)(?:[0-?]|%3b)*[ -/]*[@-~]|\\x9b[0-?]*[ -/]*[@-~]"
            + "|\\x1b\\][^\\x07\\x1b\\r\\n]*+(?:\\x07|\\x1b\\\\)";
    private static final String PERCENT_INVISIBLE = "%(?:[01][0-9a-f]|20|7f|c2%[89a][0-9a-f]"
            + "|e2%80%(?:8[0-9a-f]|a[89a-f])|e2%81%[6a][0-9a-f]|ef%bb%bf)|%1b(?:\\[|%5b)(?:[0-?]|%3b)*[@-~]";
    private static final String JSON_INVISIBLE = "\\\\(?:[nrtbf]|u00[01][0-9a-f]|u0020|u007f|u00[89a][0-9a-f]"
            + "|u200[0-9a-f]|u202[89a-f]|u206[0-9a-f]|ufeff)|\\\\u001b(?:\\[|%5b)(?:[0-?]|%3b)*[@-~]";

    private EchoedSecret() {
    }

    /** The pattern of {@code secret} as echoed; null when nothing of it is visible. */
    static Pattern pattern(String secret) {
        StringBuilder regex = new StringBuilder();
        secret.codePoints().filter(EchoedSecret::isVisible).forEach(cp -> {
            if (!regex.isEmpty()) {
                regex.append(gapBefore(cp));
            }
            regex.append(forms(cp));
        });
        return regex.isEmpty() ? null
                : Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /**
     * What may stand between two characters of the secret ({@code +} is a space in a form). A run of raw characters
     * is taken whole (possessively), so that a near miss costs linear time; therefore the gap leaves out what could
     * begin the next character's own forms. At most 32 runs, so that Java's recursive matcher cannot run out of stack.
     */
    private static String gapBefore(int next) {
        List<String> units = new ArrayList<>(List.of(ANSI));
        units.add("[\\p{Cc}\\p{Cf}\\p{Z}\\s" + (next == '+' ? "" : "+") + "]++");
        if (next != '%') {
            units.add(PERCENT_INVISIBLE);
        }
        if (next != '\\') {
            units.add(JSON_INVISIBLE);
        }
        return "(?:" + String.join("|", units) + "){0,32}";
    }

    private static boolean isVisible(int cp) {
        int type = Character.getType(cp);
        return !Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && type != Character.CONTROL
                && type != Character.FORMAT;
    }

    private static String forms(int cp) {
        String c = Character.toString(cp);
        StringBuilder forms = new StringBuilder("(?:").append(Pattern.quote(c)).append("|");
        for (byte b : c.getBytes(StandardCharsets.UTF_8)) {
            forms.append(String.format("%%%02x", b & 0xff));
        }
        forms.append("|");
        for (char unit : c.toCharArray()) {
            forms.append(String.format("\\\\u%04x", (int) unit));
        }
        if (cp == '"' || cp == '\\' || cp == '/') {
            forms.append("|\\\\").append(Pattern.quote(c));
        }
        forms.append(String.format("|&#0*%d;|&#x0*%x;", cp, cp)).append(switch (cp) {
            case '"' -> "|&quot;";
            case '&' -> "|&amp;";
            case '<' -> "|&lt;";
            case '>' -> "|&gt;";
            case '\'' -> "|&apos;";
            default -> "";
        });
        return forms.append(")").toString();
    }
}
