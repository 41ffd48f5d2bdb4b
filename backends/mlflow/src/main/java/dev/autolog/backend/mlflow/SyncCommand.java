package dev.autolog.backend.mlflow;

import dev.autolog.backend.ExperimentInfo;
import dev.autolog.backend.LocalStoreReader;
import dev.autolog.backend.RunInfo;
import dev.autolog.config.AutologConfig;
import dev.autolog.logging.TerminalText;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar autolog-agent.jar sync --from ./mlruns --to http://host:5000}: pushes the runs of a local store
 * (an offline node's {@code mlruns}, an old spool) to a tracking server. What was sent is remembered in the store
 * (see {@link SyncStates}), so a second sync sends only what is new and never duplicates a run.
 */
public final class SyncCommand {
    static final String USAGE = "usage: sync --from <mlruns directory> --to <http(s)://host:port of an MLflow server>";
    static final int ATTEMPTS = 6;

    private final PrintStream out;
    private final PrintStream err;
    private final Backoff backoff;
    private int problems;

    SyncCommand(PrintStream out, PrintStream err, Backoff backoff) {
        this.out = out;
        this.err = err;
        this.backoff = backoff;
    }

    /** Exit code: 0 all runs are on the server, 1 some are not (say which), 2 bad arguments. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            out.println("Sends the runs of a local store to an MLflow tracking server; what was sent is remembered, so"
                    + " running it again sends only what is new. Credentials: MLFLOW_TRACKING_TOKEN or"
                    + " MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD.");
            return 0;
        }
        return new SyncCommand(out, err, Backoff.standard()).sync(args.toArray(new String[0]), System.getenv());
    }

    int sync(String[] args, Map<String, String> env) {
        String from = null;
        String to = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (args[i].equals("--from") && value != null) {
                from = value;
                i++;
            } else if (args[i].equals("--to") && value != null) {
                to = value;
                i++;
            } else {
                err.println("autolog sync: unexpected argument '" + TerminalText.safe(args[i]) + "'; " + USAGE);
                return 2;
            }
        }
        if (from == null || to == null || !to.matches("(?i)https?://[^/]+.*")) {
            err.println("autolog sync: " + (from == null ? "--from is missing" : to == null ? "--to is missing"
                    : "--to " + MlflowSettings.withoutUserInfo(URI.create(to)) + " is not an http(s) URL") + "; " + USAGE);
            return 2;
        }
        Path store = Paths.get(from).toAbsolutePath().normalize();
        if (!Files.isDirectory(store)) {
            err.println("autolog sync: --from " + store + " is not a directory; " + USAGE);
            return 2;
        }
        URI uri = URI.create(to);
        MlflowSettings settings = MlflowSettings.from(uri, AutologConfig.load(null), env);
        return syncStore(store, settings);
    }

    private int syncStore(Path store, MlflowSettings settings) {
        SyncStates states = new SyncStates(store, settings.server());
        LocalStoreReader reader = new LocalStoreReader(store);
        try (MlflowClient client = new MlflowClient(settings); RunLocks locks = new RunLocks(states.dir())) {
            RunShipper.Refusals refusals = (runId, e) -> {
                problems++;
                err.println("autolog sync: run " + runId + ": " + e.getMessage());
            };
            RunShipper shipper = new RunShipper(client, reader, states, refusals,
                    new ModelShipper(client, new SpoolModels(store), states, refusals, settings.server().toString()));
            int synced = 0;
            int already = 0;
            for (RunInfo run : runs(reader)) {
                if (!locks.tryLock(run.runId())) {
                    problems++;
                    err.println("autolog sync: run " + run.runId() + " is being sent by another process; skipped");
                    continue;
                }
                SyncState state = shipper.state(run.runId());
                if (state.isDone()) {
                    already++;
                } else if (shipWithRetries(shipper, run, state)) {
                    synced++;
                } else {
                    return 1;
                }
                if (state.isDone()) {
                    locks.releaseDone(run.runId());
                }
            }
            out.println("autolog sync: " + synced + " runs sent to " + settings.server() + ", " + already
                    + " already there" + (problems == 0 ? "" : ", " + problems + " problems (see above)"));
            return problems == 0 ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            err.println("autolog sync: cannot read " + store + ": " + e.getMessage());
            return 1;
        }
    }

    private boolean shipWithRetries(RunShipper shipper, RunInfo run, SyncState state) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                RunShipper.Sent sent = shipper.ship(run.runId(), state);
                out.println("synced run " + run.runId() + " '" + TerminalText.safe(run.runName()) + "' -> "
                        + state.remoteRunId + ": "
                        + sent.params() + " params, " + sent.tags() + " tags, " + sent.metrics() + " metric points, "
                        + sent.artifacts() + " artifacts" + ModelShipper.summary(state) + (state.ended || state.abandoned != null ? ""
                        : " (still " + run.status() + " locally; a later sync sends the rest)"));
                return true;
            } catch (MlflowError e) {
                if (!e.isTransient() || attempt == ATTEMPTS) {
                    err.println("autolog sync: " + e.getMessage() + (e.isAuthFailure()
                            ? "; check MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD" : "")
                            + "; stopped, run sync again to continue where it stopped");
                    return false;
                }
                Duration d = backoff.delay(attempt, e.retryAfter());
                err.println("autolog sync: " + e.getMessage() + "; retrying in " + d.toMillis() + "ms");
                sleep(d);
            }
        }
    }

    /** Active runs of active experiments, oldest first, so the server sees them in the order they ran. */
    private static List<RunInfo> runs(LocalStoreReader reader) {
        List<RunInfo> all = new ArrayList<>();
        for (ExperimentInfo e : reader.experiments()) {
            if (e.lifecycleStage().equals("active")) {
                reader.runs(e.id()).stream().filter(r -> r.lifecycleStage().equals("active")).forEach(all::add);
            }
        }
        all.sort(Comparator.comparingLong(RunInfo::startTime).thenComparing(RunInfo::runId));
        return all;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
