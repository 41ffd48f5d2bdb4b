package dev.autolog.integration.djl;

import dev.autolog.RunStatus;

/**
 * After {@code Trainer.close()} (which DJL's own finalizer also calls for a trainer left open): a hand-written
 * loop's run ends, with the model as it is then (synced from the devices, its {@code Epoch} property set).
 */
final class CloseHook extends AfterCall {

    CloseHook(TrainerRuns runs) {
        super(runs);
    }

    @Override
    public void exit(Object state, Object trainer, Object[] args, Object returned, Throwable thrown) {
        TrainerRun run = runs.get(trainer);
        if (run != null) {
            endHandLoop(runs, run, trainer, RunStatus.FINISHED);
        }
    }

    /** Ends the trainer's hand-written loop, if one is open, logging the model first. */
    static void endHandLoop(TrainerRuns runs, TrainerRun run, Object trainer, RunStatus status) {
        if (!run.isHandLoop()) {
            return;
        }
        runs.handLoopEnded(run);
        run.endHandLoop(training -> {
            if (training.logModels()) {
                DjlModel.log(training, trainer);
            }
        }, status);
    }
}
