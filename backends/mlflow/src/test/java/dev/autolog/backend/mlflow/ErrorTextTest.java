package dev.autolog.backend.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorTextTest {
    private static final URI SERVER = URI.create("http://127.0.0.1:5000");
    private static final List<String> TOKEN = Credentials.from(SERVER,
            Map.of("MLFLOW_TRACKING_TOKEN", "tokS3cr3tValue.abcXYZ")).secrets();
    private static final List<String> PASSWORD = Credentials.from(SERVER,
            Map.of("MLFLOW_TRACKING_USERNAME", "alice", "MLFLOW_TRACKING_PASSWORD", "p@ss:w/rd!Sec\"x")).secrets();

    @Test
    void theConfiguredTokenIsHiddenWhenSplitByControlOrFormatCharactersOrWhitespace() {
        for (String split : List.of("\n", "\r\n", "\t", " ", "\u001b[0m", "\u001b[38;5;196m", "\u001b]0;title\u0007",
                "\u200b", "\u202e", "\u0085", "\u007f", "\u0000", "\u009b1m", "\ufeff", "\u00a0", "\u2028")) {
            assertEquals("bad credentials *** given", ErrorText.clean("bad credentials tokS3cr3t" + split
                    + "Value.abcXYZ given", TOKEN), () -> "split by " + escaped(split));
        }
        assertEquals("bad credentials *** given",
                ErrorText.clean("bad credentials t\no\u200bkS3\u001b[1mcr3tValue.abc\r\nXYZ given", TOKEN));
    }

    @Test
    void theConfiguredTokenIsHiddenWhenPercentEncodedOrJsonEscapedOrSplitInsideTheseEncodings() {
        assertEquals("GET /?t=*** failed", ErrorText.clean("GET /?t=%74ok%53%33cr3tValue%2EabcXYZ failed", TOKEN));
        assertEquals("GET /?t=*** failed", ErrorText.clean("GET /?t=tokS3cr3t%0AValue.abcXYZ failed", TOKEN));
        assertEquals("{\"message\": \"*** rejected\"}",
                ErrorText.clean("{\"message\": \"tokS3cr3t\\nValue.abcXYZ rejected\"}", TOKEN));
        assertEquals("{\"message\": \"*** rejected\"}",
                ErrorText.clean("{\"message\": \"tokS3cr3t\\u001b[0mValue.abcXYZ rejected\"}", TOKEN));
        assertEquals("{\"message\": \"*** rejected\"}",
                ErrorText.clean("{\"message\": \"tokS3cr3t\\u200BValue.abcXYZ rejected\"}", TOKEN));
    }

    @Test
    void theConfiguredPasswordIsHiddenWhenUrlEncodedInEitherHexCaseOrJsonOrHtmlEscaped() {
        assertEquals("login failed for user=alice&pass=***",
                ErrorText.clean("login failed for user=alice&pass=p%40ss%3Aw%2Frd%21Sec%22x", PASSWORD));
        assertEquals("login failed for user=alice&pass=***&next=/",
                ErrorText.clean("login failed for user=alice&pass=p%40ss%3aw%2frd%21Sec%22x&next=/", PASSWORD));
        assertEquals("{\"detail\": \"wrong password ***\"}",
                ErrorText.clean("{\"detail\": \"wrong password p@ss:w/rd!Sec\\\"x\"}", PASSWORD));
        assertEquals("{\"detail\": \"wrong password \\\"***\\\"\"}",
                ErrorText.clean("{\"detail\": \"wrong password \\\"p@ss:w\\/rd!Sec\\\"x\\\"\"}", PASSWORD));
        assertEquals("<p>wrong password ***</p>",
                ErrorText.clean("<p>wrong password p&#64;ss:w/rd!Sec&quot;x</p>", PASSWORD));
    }

    @Test
    void theBasicValueIsHiddenWhenSplitOrUrlEncoded() {
        assertEquals("echo of ***.", ErrorText.clean("echo of YWxpY2U6cEBz\r\nczp3L3JkIVNlYyJ4.", PASSWORD));
        assertEquals("echo of h=Basic *** end", ErrorText.clean("echo of h=Basic%20YWxpY2U6cEBzczp3L3JkIVNlYyJ4 end",
                List.of()));
    }

    @Test
    void aPasswordWithSpacesIsHiddenWhateverTheSpaceBecame() {
        List<String> secrets = List.of("open sesame");
        for (String echoed : List.of("open sesame", "open+sesame", "open%20sesame", "open\\u0020sesame",
                "opensesame")) {
            assertEquals("form pw=*** rejected", ErrorText.clean("form pw=" + echoed + " rejected", secrets), echoed);
        }
    }

    @Test
    void urlEncodedAuthorizationHeadersAreHidden() {
        assertEquals("request was GET%20/x%0D%0AAuthorization%3A%20***%0D%0AHost%3A%20mlflow",
                ErrorText.clean("request was GET%20/x%0D%0AAuthorization%3A%20Bearer%20abc.def.ghi%0D%0A"
                        + "Host%3A%20mlflow", List.of()));
        assertEquals("h=authorization%3a+*** end", ErrorText.clean("h=authorization%3a+basic+dXNlcjpwdw%3d%3d end",
                List.of()));
        assertEquals("h=Bearer *** end", ErrorText.clean("h=Bearer%20abc.def.ghi end", List.of()));
    }

    @Test
    void cookieAndSetCookieValuesAreHiddenToTheEndOfTheirHeader() {
        assertEquals("echo: Cookie: *** Host: mlflow",
                ErrorText.clean("echo:\r\nCookie: session=abc123; csrftoken=def456\r\nHost: mlflow", List.of()));
        assertEquals("Set-Cookie: *** set-cookie: ***", ErrorText.clean("Set-Cookie: id=a3fWa; Expires=Wed, 21 Oct"
                + " 2015 07:28:00 GMT; Secure; HttpOnly\nset-cookie: b=2", List.of()));
        assertEquals("{\"Cookie\": \"***\", \"Host\": \"mlflow\"}",
                ErrorText.clean("{\"Cookie\": \"session=abc123; csrftoken=def456\", \"Host\": \"mlflow\"}", List.of()));
        assertEquals("h=Cookie%3A%20***%0D%0AHost", ErrorText.clean("h=Cookie%3A%20session%3Dabc%3B%20x%3Dy%0D%0AHost",
                List.of()));
        assertEquals("csrftoken=*** next", ErrorText.clean("csrftoken=def456 next", List.of()));
        assertEquals("h=x%0D%0ACookie%3A%20***%0D%0Atoken%3D***%26b", ErrorText.clean(
                "h=x%0D%0ACookie%3A%20a%3Db%0D%0Atoken%3Dt-42%26b", List.of()));
    }

    @Test
    void longBodiesAndNearMissesAreCleanedWithoutRunningOutOfStack() {
        int n = 200_000;
        assertEquals("authorization: ***", ErrorText.clean("authorization: " + "%41".repeat(n), List.of()));
        assertEquals("Cookie: ***", ErrorText.clean("Cookie: " + "a=b; ".repeat(n), List.of()));
        assertEquals("Bearer ***", ErrorText.clean("Bearer " + "%2B".repeat(n), List.of()));
        String nearMisses = ErrorText.clean("tokS3cr3t\n\n\n\n\n\n\n\n\n\n\n\nValue.abcXY-".repeat(n / 10), TOKEN);
        assertEquals("tokS3cr3t Value.abcXY-tokS3cr3t Value.abcXY-", nearMisses.substring(0, 44));
        assertEquals("p ***", ErrorText.clean("p" + " ".repeat(n / 8) + "tokS3cr3t" + "\u200b".repeat(n / 8)
                + "Value.abcXYZ", TOKEN));
        assertEquals("x", ErrorText.clean("x" + " ".repeat(ErrorText.MAX_CLEANED) + "tokS3cr3tValue.abcXYZ", TOKEN),
                "only the body's start is cleaned and shown");
    }

    @Test
    void theShownLineIsLegibleWithoutEscapeSequencesOrFormatCharacters() {
        assertEquals("error: bad request (see log) end", ErrorText.clean("\u001b[31merror\u001b[0m: bad\u200b request"
                + "\r\n\t(see\u0007 log)\u001b]0;title\u0007 \u0085end", List.of()));
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.toString();
    }
}
