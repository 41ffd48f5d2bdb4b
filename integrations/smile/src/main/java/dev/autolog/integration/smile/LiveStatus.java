package dev.autolog.integration.smile;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.logging.Diagnostics;
import dev.autolog.run.Training;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * Smile 4.x+'s live progress: the {@code TrainingStatus} records an algorithm submits to the
 * {@code IterativeAlgorithmController} of its {@code Options}, one per tree or iteration, logged at step = that
 * tree or iteration. When the user gave no controller, the options record is replaced by a copy holding one of
 * ours that delivers on the submitting thread (no extra thread, nothing left behind when the training ends);
 * when the user gave one, we subscribe to it beside the user's subscribers.
 */
final class LiveStatus implements Flow.Subscriber<Object> {
    private static final String CONTROLLER = "controller";
    private final Training training;
    private final String metricsPrefix;
    private final Object ownController;
    private volatile boolean delivered;

    private LiveStatus(Training training, String metricsPrefix, Object ownController) {
        this.training = training;
        this.metricsPrefix = metricsPrefix;
        this.ownController = ownController;
    }

    /** Listens to the options argument's controller; null when the call has no such options. */
    static LiveStatus attach(Training training, Class<?> algorithm, Object[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            RecordComponent component = args[i] != null && FitParams.isOptions(args[i])
                    ? controllerComponent(args[i].getClass()) : null;
            if (component != null) {
                return attach(training, algorithm, args, i, component);
            }
        }
        return null;
    }

    private static LiveStatus attach(Training training, Class<?> algorithm, Object[] args, int index,
                                     RecordComponent component) throws Exception {
        Object options = args[index];
        Object controller = component.getAccessor().invoke(options);
        String prefix = algorithm.getSimpleName().equals("RandomForest") ? "tree_oob_" : "test_";
        if (controller != null) {
            LiveStatus status = new LiveStatus(training, prefix, null);
            Reflect.call(controller, "subscribe", status);
            return status;
        }
        Executor inline = Runnable::run;
        Object own = component.getType().getConstructor(Executor.class, int.class)
                .newInstance(inline, Flow.defaultBufferSize());
        LiveStatus status = new LiveStatus(training, prefix, own);
        Reflect.call(own, "subscribe", status);
        args[index] = withController(options, own);
        return status;
    }

    private static RecordComponent controllerComponent(Class<?> options) {
        for (RecordComponent c : options.getRecordComponents()) {
            if (c.getName().equals(CONTROLLER) && c.getType().getName().endsWith(".IterativeAlgorithmController")) {
                return c;
            }
        }
        return null;
    }

    private static Object withController(Object options, Object controller) throws ReflectiveOperationException {
        RecordComponent[] components = options.getClass().getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = components[i].getName().equals(CONTROLLER) ? controller
                    : components[i].getAccessor().invoke(options);
        }
        return options.getClass().getConstructor(types).newInstance(values);
    }

    boolean delivered() {
        return delivered;
    }

    /** Closes the controller we made; a user's controller is the user's to close. */
    void close() {
        if (ownController != null) {
            try {
                Reflect.call(ownController, "close");
            } catch (Exception e) {
                Diagnostics.hookError(SmileIntegration.FIT_HOOK, e);
            }
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Object status) {
        try {
            log(status);
        } catch (Exception | LinkageError e) {
            Diagnostics.hookError(SmileIntegration.FIT_HOOK, e);
        }
    }

    private void log(Object status) throws ReflectiveOperationException {
        Map<String, Object> members = Values.members(status);
        long step = -1;
        for (Object value : members.values()) {
            if (value instanceof Integer n) {
                step = n;
                break;
            }
        }
        if (step < 0) {
            return;
        }
        for (Map.Entry<String, Object> e : members.entrySet()) {
            Object value = e.getValue();
            if (value instanceof Double || value instanceof Float) {
                double v = ((Number) value).doubleValue();
                if (Double.isFinite(v)) {
                    training.metric(Values.snake(e.getKey()), v, step);
                }
            } else if (value != null && !(value instanceof Number)) {
                long at = step;
                Values.numbers(value, metricsPrefix).forEach((key, v) -> training.metric(key, v, at));
            }
        }
        delivered = true;
    }

    @Override
    public void onError(Throwable throwable) {
    }

    @Override
    public void onComplete() {
    }
}
