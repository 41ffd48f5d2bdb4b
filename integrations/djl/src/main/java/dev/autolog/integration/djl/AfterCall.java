package dev.autolog.integration.djl;

import dev.autolog.hook.Hook;

/** A hook that acts only when a DJL method returned, with the trainers' runs at hand. */
abstract class AfterCall implements Hook {
    protected final TrainerRuns runs;

    AfterCall(TrainerRuns runs) {
        this.runs = runs;
    }

    @Override
    public final Object enter(Object self, Object[] args) {
        return null;
    }
}
