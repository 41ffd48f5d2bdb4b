package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.run.ModelRuns;
import dev.autolog.run.Training;
import java.util.Map;

/**
 * Around {@code Trainer.train(dataset[, runProvenance[, invocationCount]])}: the outermost call opens the training
 * and logs the trainer's configuration and the dataset's shape; at the end the model is remembered for later
 * evaluations and logged with its provenance.
 */
final class TrainHook extends TribuoTrainingHook {
    /** {@code Trainer.INCREMENT_INVOCATION_COUNT}: keep counting from the trainer's own count. */
    private static final int INCREMENT_INVOCATION_COUNT = -1;
    private static final String INVOCATION_COUNT = "train-invocation-count";

    TrainHook() {
        super(TribuoIntegration.TRAIN_HOOK);
    }

    @Override
    protected void started(Training training, Object self, Object[] args) throws Exception {
        TrainingLoss.listen();
        Map<String, String> config = Provenances.flatten(Provenances.asMap(self));
        if (args.length == 3 && args[2] instanceof Integer count && count != INCREMENT_INVOCATION_COUNT) {
            // train(data, provenance, count) sets the trainer's count only after this hook read its provenance
            config.put(INVOCATION_COUNT, String.valueOf(count));
        }
        logParams(training, config, args[0]);
        if (training.logDatasets()) {
            training.datasets(java.util.List.of(TribuoDatasets.training(args[0])));
        }
    }

    @Override
    protected void finished(Training training, Object self, Object[] args, Object returned, Throwable thrown)
            throws Exception {
        if (thrown == null && returned != null) {
            ModelRuns.remember(returned, training);
            TrainedModel.log(training, returned, args[0]);
        }
    }

    static void logParams(Training training, Object trainer, Object dataset) throws Exception {
        logParams(training, Provenances.flatten(Provenances.asMap(trainer)), dataset);
    }

    private static void logParams(Training training, Map<String, String> config, Object dataset) throws Exception {
        config.forEach((key, value) -> {
            if (key.equals("class-name")) {
                training.param("trainer", value);
            } else if (!key.equals("tribuo-version")) {
                training.param(key, value);
            }
        });
        training.param("dataset.num_examples", Reflect.call(dataset, "size"));
        training.param("dataset.num_features", Reflect.call(Reflect.call(dataset, "getFeatureMap"), "size"));
        training.param("dataset.num_outputs", Reflect.call(Reflect.call(dataset, "getOutputInfo"), "size"));
    }
}
