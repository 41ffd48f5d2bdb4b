package dev.autolog.integration.smile;

import dev.autolog.agent.tooling.JavaSerialization;
import dev.autolog.model.ModelFile;
import dev.autolog.model.ModelSpec;
import dev.autolog.run.ModelRuns;
import dev.autolog.run.Training;
import java.io.Serializable;
import java.lang.reflect.Method;

/**
 * Around a static {@code fit} (or the facade's {@code classification}/{@code regression}): the outermost call opens
 * the training and logs the algorithm and its hyperparameters; calls it delegates to (overload chains passing
 * the defaults on) add theirs. On 4.x+ the options' progress stream is logged live. At the end the model is
 * remembered for later validations, its own metrics are logged and it is saved with Java serialization, with a
 * signature from its training data.
 */
final class FitHook extends SmileTrainingHook {
    static final String FACADE = "smile.model.Model";

    FitHook() {
        super(SmileIntegration.FIT_HOOK);
    }

    @Override
    protected void started(Training training, Object self, Object[] args) throws Exception {
        Method method = (Method) self;
        if (isFacade(method)) {
            TrainingState.start(null, true).data = FitParams.log(training, method, args, "", true);
        } else {
            logAlgorithmCall(training, TrainingState.start(method.getDeclaringClass(), true), method, args, true);
        }
    }

    @Override
    protected void nestedStarted(Training outer, Object self, Object[] args) throws Exception {
        Method method = (Method) self;
        TrainingState state = TrainingState.current();
        if (state == null || isFacade(method) || !state.isAlgorithm(method.getDeclaringClass())) {
            return;
        }
        logAlgorithmCall(outer, state, method, args, false);
    }

    private static boolean isFacade(Method method) {
        return method.getDeclaringClass().getName().equals(FACADE);
    }

    /** A call of the algorithm trained: its class, its hyperparameters, and its progress stream (once). */
    private static void logAlgorithmCall(Training training, TrainingState state, Method method, Object[] args,
                                         boolean withDataset) throws Exception {
        training.param("algorithm_class", method.getDeclaringClass().getName());
        Object data = FitParams.log(training, method, args, "", withDataset);
        if (withDataset) {
            state.data = data;
        }
        if (state.liveAllowed && state.live == null) {
            state.live = LiveStatus.attach(training, method.getDeclaringClass(), args);
        }
    }

    @Override
    protected void finished(Training training, Object self, Object[] args, Object returned, Throwable thrown)
            throws Exception {
        TrainingState state = TrainingState.current();
        TrainingState.stop();
        LiveStatus live = state == null ? null : state.live;
        if (live != null) {
            live.close();
        }
        if (thrown != null || returned == null) {
            return;
        }
        ModelRuns.remember(returned, training);
        Object inner = ModelMetrics.isFacadeModel(returned) ? ModelMetrics.innerModel(returned) : null;
        if (inner != null) {
            ModelRuns.remember(inner, training);
        }
        ModelMetrics.log(training, returned, live != null && live.delivered());
        if (training.logModels() && returned instanceof Serializable) {
            ModelSpec.Builder spec = ModelSpec.javaFlavor("smile",
                    SmileVersions.version(returned.getClass().getClassLoader()),
                    ModelFile.deferred(JavaSerialization.FILE, JavaSerialization.deferred(returned)),
                    returned.getClass().getName(), JavaSerialization.LOADER);
            ModelSignature.describe(spec, training, returned, state == null ? null : state.data);
            training.model(spec.build());
        }
    }
}
