package dev.autolog.integration.djl;


/** After a model's {@code newTrainer(config)}: remembers the configuration the new trainer was made from. */
final class NewTrainerHook extends AfterCall {

    NewTrainerHook(TrainerRuns runs) {
        super(runs);
    }

    @Override
    public void exit(Object state, Object model, Object[] args, Object returned, Throwable thrown) {
        if (thrown == null && returned != null && args[0] != null) {
            runs.configured(returned, args[0]);
        }
    }
}
