package dev.autolog.integration.dl4j;

import dev.autolog.dataset.DatasetSpec;
import dev.autolog.hook.Hook;
import dev.autolog.logging.Diagnostics;
import dev.autolog.run.ModelRuns;
import dev.autolog.run.Training;
import java.util.List;

/**
 * Around every public {@code fit} of a network. The outermost one begins (or continues) the network's run, logs
 * the configuration when the run is new, and makes the network's score series live on this thread; nested ones
 * (overload chains, the minibatch fits of an early-stopping trainer) only count, or attach the network to the
 * early stopping under way.
 */
final class FitHook implements Hook {
    private final NetworkRuns runs;

    FitHook(NetworkRuns runs) {
        this.runs = runs;
    }

    private record State(Training training, NetworkRun run) {
    }

    @Override
    public Object enter(Object network, Object[] args) {
        if (Training.underway()) {
            Training nested = Training.begin(Dl4jIntegration.FRAMEWORK, null);
            try {
                EarlyStoppingHook.attach(network);
            } catch (Exception | LinkageError e) {
                Diagnostics.hookError(Dl4jIntegration.FIT_HOOK, e);
            }
            return new State(nested, null);
        }
        NetworkRun run = runs.of(network);
        Training training = run.begin(Dl4jVersions.version(network.getClass().getClassLoader()));
        if (!training.isActive()) {
            return new State(training, null);
        }
        try {
            if (run.isFresh(training)) {
                NetworkConfig.log(training, network);
                if (training.logsInputExamples()) {
                    run.example(FirstRows.of(args[0]));
                }
                DatasetSpec data = training.logDatasets() && args.length > 0
                        ? Dl4jDatasets.of("train", "training", args[0]) : null;
                if (data != null) {
                    training.datasets(List.of(data));
                }
            }
            if (args.length == 2 && args[1] instanceof Integer epochs) {
                NetworkConfig.firstOnly(training, "epochs", epochs);
            }
            ModelRuns.remember(network, training);
            LiveScores.set(run.scores());
            runs.opened(run);
        } catch (Exception | LinkageError e) {
            Diagnostics.hookError(Dl4jIntegration.FIT_HOOK, e);
        }
        return new State(training, run);
    }

    @Override
    public void exit(Object state, Object network, Object[] args, Object returned, Throwable thrown) {
        State s = (State) state;
        try {
            if (s.run() != null) {
                LiveScores.clear();
                s.run().trained(thrown, System.nanoTime());
            }
        } finally {
            s.training().end(thrown);
        }
    }
}
