package dev.autolog.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code ui [--port 5000] [--host 127.0.0.1]}: serves the web UI until the process is stopped. */
public final class UiCommand {
    private UiCommand() {
    }

    public static Command command() {
        return new CommandGroup("ui", List.of(new Subcommand("", "ui [--port 5000] [--host 127.0.0.1]",
                "Serves a web UI on the store: experiments and runs, a page per run with its charts, comparisons.\n"
                        + "  --port N     the port (default 5000; 0 picks a free one)\n"
                        + "  --host H     the address to bind (default 127.0.0.1, this machine only)",
                Set.of("port", "host"), Set.of(), 0, 0, UiCommand::serve)));
    }

    private static void serve(Args args, Output out) throws IOException {
        Store store = Store.open(args, out);
        String host = args.option("host", "127.0.0.1");
        int port = port(args.option("port", "5000"));
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw CliException.usage("unknown --host '" + host + "' (accepted: an address or a name of this machine)");
        }
        UiServer server;
        try {
            server = UiServer.start(store, address, port);
        } catch (BindException e) {
            throw CliException.notFound("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); pass another --port, or --port 0 for a free one");
        }
        out.line("autolog UI on " + server.url() + " serving " + store.root() + " (Ctrl+C stops it)");
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
