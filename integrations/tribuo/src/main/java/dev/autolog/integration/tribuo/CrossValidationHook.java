package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.Folds;
import dev.autolog.agent.tooling.Reflect;
import dev.autolog.run.Training;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Around {@code CrossValidation.evaluate()}: one run for all folds. It holds the trainer's configuration and the
 * dataset's shape, {@code cv.num_folds}, each fold's metrics at step = fold, and {@code <metric>_mean} over the
 * folds at the end. The fold trainings are nested and open no runs of their own.
 */
final class CrossValidationHook extends TribuoTrainingHook {
    CrossValidationHook() {
        super(TribuoIntegration.CROSS_VALIDATION_HOOK);
    }

    @Override
    protected void started(Training training, Object self, Object[] args) throws Exception {
        Folds.start();
        TrainingLoss.listen();
        TrainHook.logParams(training, field(self, "trainer"), field(self, "data"));
        training.param("cv.num_folds", Reflect.call(self, "getK"));
    }

    @Override
    protected void finished(Training training, Object self, Object[] args, Object returned, Throwable thrown)
            throws Exception {
        Folds.stop();
        if (thrown == null && returned instanceof List<?> folds && !folds.isEmpty()) {
            means(folds).forEach((key, value) -> training.metric(key + "_mean", value, 0));
        }
    }

    private static Map<String, Double> means(List<?> folds) throws Exception {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (Object pair : folds) {
            EvaluationMetrics.of(Reflect.call(pair, "getA")).forEach((key, value) -> sums.merge(key, value, Double::sum));
        }
        sums.replaceAll((key, sum) -> sum / folds.size());
        return sums;
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(target.getClass().getName() + "." + name);
    }
}
