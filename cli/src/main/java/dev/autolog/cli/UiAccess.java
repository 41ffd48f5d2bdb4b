package dev.autolog.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who the UI answers. The Host header must name a loopback name, an address literal of the server's own end of the
 * connection, or a name given with {@code --allow-host}: a web page whose name was re-pointed at this machine (DNS
 * rebinding) cannot read the store through a visitor's browser. With a token, every API request must also carry it,
 * in the {@link UiServer#TOKEN_HEADER} header or the query ({@code ?token=}).
 *
 * @param allowedHosts extra Host names accepted, lower case
 * @param token        null when no token is asked for
 */
record UiAccess(Set<String> allowedHosts, String token) {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1");
    private static final Pattern ADDRESS_LITERAL = Pattern.compile(
            "[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-f:.]*:[0-9a-f:.]*");
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?|" + ADDRESS_LITERAL);

    static UiAccess open() {
        return new UiAccess(Set.of(), null);
    }

    /**
     * From {@code ui}'s options: the names of {@code --allow-host} (repeatable, or a comma list) and the name given
     * to {@code --host} (the user chose it), and a random token with {@code --token}.
     */
    static UiAccess forCommand(String host, List<String> allowHostOptions, boolean token) {
        Set<String> names = new LinkedHashSet<>();
        String bindName = hostName(host);
        if (bindName != null) {
            names.add(bindName);
        }
        for (String option : allowHostOptions) {
            for (String text : option.split(",")) {
                String name = hostName(text);
                if (name == null) {
                    throw CliException.usage("--allow-host '" + text + "' is not a host name (accepted: names like"
                            + " ui.example.org or addresses, comma-separated)");
                }
                names.add(name);
            }
        }
        return new UiAccess(Set.copyOf(names), token ? randomToken() : null);
    }

    static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A host name or address literal, lower case; null when it is neither. */
    private static String hostName(String text) {
        String name = text.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return HOST_NAME.matcher(name).matches() ? name : null;
    }

    /**
     * @param host  the request's Host header (null when it has none)
     * @param local the address the client reached: the bound one, or one of a wildcard bind's
     * @param bound the address the server listens on
     */
    boolean hostAllowed(String host, InetAddress local, InetAddress bound) {
        if (host == null) {
            return false;
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        name = name.startsWith("[") ? name.substring(1, Math.max(1, name.indexOf(']')))
                : name.replaceFirst(":[0-9]*$", "");
        if (LOOPBACK_NAMES.contains(name) || allowedHosts.contains(name)) {
            return true;
        }
        return ADDRESS_LITERAL.matcher(name).matches() && (sameAddress(name, bound) || sameAddress(name, local));
    }

    /** Only called with an address literal, so no name is ever looked up. */
    private static boolean sameAddress(String literal, InetAddress address) {
        try {
            return InetAddress.getByName(literal).equals(address);
        } catch (UnknownHostException malformed) {
            return false;
        }
    }

    /** True when no token is asked for, or when the given one matches (compared in constant time). */
    boolean tokenAccepted(String given) {
        return token == null || given != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
