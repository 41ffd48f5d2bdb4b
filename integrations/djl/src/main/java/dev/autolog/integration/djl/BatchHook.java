package dev.autolog.integration.djl;

import dev.autolog.hook.Hook;
import dev.autolog.logging.Diagnostics;
import dev.autolog.run.Training;

/**
 * Around {@code EasyTrain.trainBatch(trainer, batch)} and {@code Trainer.step()}. Outside any training they are a
 * hand-written loop: the first opens the trainer's run (and logs its params), the next ones continue it. Inside a
 * fit they only give the run its batch size.
 */
final class BatchHook implements Hook {
    private final TrainerRuns runs;

    BatchHook(TrainerRuns runs) {
        this.runs = runs;
    }

    @Override
    public Object enter(Object self, Object[] args) throws Exception {
        Object trainer = self != null ? self : args[0];
        Object batch = args.length == 2 ? args[1] : null;
        if (Training.underway()) {
            TrainerRun run = batch == null ? null : runs.get(trainer); // a fit's Trainer.step: nothing to read
            if (run != null) {
                run.firstBatch(batch);
            }
            return null;
        }
        TrainerRun run = runs.of(trainer);
        Training training = run.beginBatch(DjlVersions.version(trainer.getClass().getClassLoader()));
        try {
            if (run.isFresh(training)) {
                runs.handLoopOpened(run);
                TrainerParams.log(training, trainer, runs.config(trainer));
            }
            if (batch != null && training.isActive()) {
                run.firstBatch(batch);
            }
        } catch (Exception | LinkageError e) {
            Diagnostics.hookError(DjlIntegration.BATCH_HOOK, e);
        }
        return new State(training, run);
    }

    @Override
    public void exit(Object state, Object self, Object[] args, Object returned, Throwable thrown) {
        if (!(state instanceof State s)) {
            return;
        }
        try {
            if (s.training().isActive()) {
                s.run().endBatch(thrown);
            }
        } finally {
            s.training().end(thrown);
        }
    }

    private record State(Training training, TrainerRun run) {
    }
}
