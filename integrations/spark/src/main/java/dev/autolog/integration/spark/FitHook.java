package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.TrainingHook;
import dev.autolog.dataset.DatasetSpec;
import dev.autolog.run.ModelRuns;
import dev.autolog.run.TrackingEngine;
import dev.autolog.run.Training;
import java.util.List;

/**
 * Around {@code Estimator.fit(Dataset)}: the outermost fit logs the estimator's params (when the fit ends for those
 * whose fit sets params: {@link EstimatorParams#settledByFit}) and where it runs (and, with system metrics on, has
 * that Spark context's executors sampled); when it returns, the model (and the models it is
 * made of) is remembered for later evaluations, its tuning results are logged, and, after the fit
 * ({@link AfterFit}), its training summary and the model itself.
 */
final class FitHook extends TrainingHook {

    FitHook() {
        super("spark", SparkIntegration.FIT_HOOK);
    }

    @Override
    protected String version(Object self, Object[] args) {
        return SparkVersions.version(self.getClass().getClassLoader());
    }

    @Override
    protected void started(Training training, Object self, Object[] args) throws Exception {
        training.tag("spark.estimator", self.getClass().getName());
        Object sparkContext = SparkTags.log(training, args[0]);
        if (TrackingEngine.get().config().systemMetrics()) {
            ExecutorMetrics.watch(sparkContext);
        }
        if (!EstimatorParams.settledByFit(self)) {
            EstimatorParams.log(training::param, self);
        }
        if (training.logDatasets()) {
            training.datasets(trainingData(args));
        }
    }

    /** The fit's DataFrame; read on the writer thread ({@link SparkDatasets}). */
    private static List<DatasetSpec> trainingData(Object[] args) {
        return List.of(SparkDatasets.of("train", "training", args[0]));
    }

    @Override
    protected void finished(Training training, Object self, Object[] args, Object returned, Throwable thrown)
            throws Exception {
        if (EstimatorParams.settledByFit(self)) {
            EstimatorParams.log(training::param, self);
        }
        if (thrown != null || returned == null) {
            return;
        }
        for (Object part : SparkModels.parts(returned)) {
            ModelRuns.remember(part, training);
        }
        if (Tuning.isTuningModel(returned)) {
            Tuning.logResults(training, returned, TrackingEngine.get().config().sparkMaxTuningRuns(),
                    training.logDatasets() ? trainingData(args) : List.of());
        }
        boolean savable = SparkModels.savable(training, returned);
        if (savable) {
            training.modelLater();
        }
        AfterFit.submit(() -> TrainingSummaries.log(training, returned));
        if (savable) {
            Object dataset = args[0];
            AfterFit.submit(() -> SparkModels.save(training, returned, dataset));
        }
    }
}
