package dev.autolog.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ui [--port 5000] [--host 127.0.0.1] [--allow-host NAME] [--token]}: serves the web UI until the process is
 * stopped.
 */
public final class UiCommand {
    /** The least pause between two refreshes of the UI's run index: a change shows within about this long. */
    static final long REFRESH_PAUSE_MILLIS = 1000;
    private static final long CACHE_SAVE_INTERVAL_MILLIS = 60_000;

    private UiCommand() {
    }

    public static Command command() {
        return new CommandGroup("ui", List.of(new Subcommand("",
                "ui [--port 5000] [--host 127.0.0.1] [--allow-host NAME] [--token]",
                "Serves a web UI on the store: experiments and runs, a page per run with its charts, comparisons.\n"
                        + "  --port N          the port (default 5000; 0 picks a free one)\n"
                        + "  --host H          the address to bind (default 127.0.0.1, this machine only; 0.0.0.0\n"
                        + "                    makes the store readable from other machines)\n"
                        + "  --allow-host N    also answer requests addressed to this name (repeatable, or a comma\n"
                        + "                    list); loopback names, the address the client reached and the\n"
                        + "                    --host name are always answered\n"
                        + "  --token           require a random token, printed in the address the UI shows at start",
                Set.of("port", "host", "allow-host"), Set.of("token"), 0, 0, UiCommand::serve)));
    }

    private static void serve(Args args, Output out) throws IOException {
        Store store = Store.open(args, out).indexed(CACHE_SAVE_INTERVAL_MILLIS);
        store.index().follow(REFRESH_PAUSE_MILLIS);
        String host = args.option("host", "127.0.0.1");
        int port = port(args.option("port", "5000"));
        UiAccess access = UiAccess.forCommand(host, args.all("allow-host"), args.flag("token"));
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw CliException.usage("unknown --host '" + host + "' (accepted: an address or a name of this machine)");
        }
        UiServer server;
        try {
            server = UiServer.start(store, address, port, access);
        } catch (BindException e) {
            throw CliException.notFound("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); pass another --port, or --port 0 for a free one");
        }
        String url = server.url() + (access.token() == null ? "" : "?token=" + access.token());
        out.line("autolog UI on " + url + " serving " + store.root() + " (Ctrl+C stops it)");
        String warning = exposureWarning(server.listening(), access.token() != null);
        if (warning != null) {
            out.note(warning);
        }
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a bind that other machines can reach exposes, or null for a loopback bind. */
    static String exposureWarning(InetAddress listening, boolean token) {
        if (listening.isLoopbackAddress()) {
            return null;
        }
        String where = !listening.isAnyLocalAddress() ? listening.getHostAddress()
                : listening instanceof Inet6Address ? "every IPv4 and IPv6 address of this machine"
                : "every IPv4 address of this machine";
        return "warning: the UI listens on " + where + ": " + (token
                ? "anyone who can reach this machine and has the address above can read the store; plain HTTP, so the"
                        + " token can be seen on the network"
                : "anyone who can reach this machine can read the store, without authentication (pass --token to"
                        + " require one, or bind to 127.0.0.1)");
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw CliException.usage("--port must be a number from 0 to 65535, not '" + text + "'");
    }
}
