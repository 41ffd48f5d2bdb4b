package dev.autolog.integration.spark;

import dev.autolog.hook.Hook;
import dev.autolog.run.Training;

/**
 * Around {@code Task.run}: a Spark task (in an executor, or in the driver JVM in local mode) is never a training
 * of its own, so trainings inside it (xgboost4j-spark's per-partition XGBoost) are untracked.
 */
final class TaskHook implements Hook {

    @Override
    public Object enter(Object self, Object[] args) {
        return Training.untracked();
    }

    @Override
    public void exit(Object state, Object self, Object[] args, Object returned, Throwable thrown) {
        ((Training) state).end(thrown);
    }
}
