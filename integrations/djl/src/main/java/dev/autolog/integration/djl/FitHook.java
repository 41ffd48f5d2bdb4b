package dev.autolog.integration.djl;

import dev.autolog.RunStatus;
import dev.autolog.agent.tooling.TrainingHook;
import dev.autolog.run.Training;

/**
 * Around {@code EasyTrain.fit(trainer, epochs, train, validate)}: one run per outermost call, with the trainer's
 * params and datasets and, when it returns, the model. A hand-written loop of the same trainer still open ends first.
 */
final class FitHook extends TrainingHook {
    private final TrainerRuns runs;

    FitHook(TrainerRuns runs) {
        super(DjlIntegration.FRAMEWORK, DjlIntegration.FIT_HOOK);
        this.runs = runs;
    }

    @Override
    protected String version(Object none, Object[] args) {
        return DjlVersions.version(args[0].getClass().getClassLoader());
    }

    @Override
    protected void started(Training training, Object none, Object[] args) throws Exception {
        Object trainer = args[0];
        TrainerRun run = runs.of(trainer);
        CloseHook.endHandLoop(runs, run, trainer, RunStatus.FINISHED);
        run.fitStarted(training);
        TrainerParams.log(training, trainer, runs.config(trainer));
        training.param("epochs", args[1]);
        if (training.logDatasets()) {
            training.datasets(DjlDatasets.of(args[2], args[3]));
        }
    }

    @Override
    protected void finished(Training training, Object none, Object[] args, Object returned, Throwable thrown)
            throws Exception {
        TrainerRun run = runs.get(args[0]);
        try {
            if (thrown == null && training.logModels()) {
                DjlModel.log(training, args[0]);
            }
        } finally {
            if (run != null) {
                run.fitEnded();
            }
        }
    }
}
