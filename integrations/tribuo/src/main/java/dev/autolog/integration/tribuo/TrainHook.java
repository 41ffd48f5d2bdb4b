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

    TrainHook() {
        super(TribuoIntegration.TRAIN_HOOK);
    }

    @Override
    protected void started(Training training, Object self, Object[] args) throws Exception {
        TrainingLoss.listen();
        logParams(training, self, args[0]);
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
        Map<String, String> config = Provenances.flatten(Provenances.asMap(trainer));
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
