package dev.autolog.integration.djl;

import dev.autolog.agent.tooling.Reflect;
import java.util.Map;

/**
 * After one of DJL's own listeners handled an event of a trainer with an open run: reads the value it just
 * computed, so the run holds exactly what DJL's {@code Metrics} and {@code TrainingResult} report.
 */
final class ListenerHook extends AfterCall {
    /** EvaluatorTrainingListener's accumulator of the batch just trained. */
    private static final String TRAIN_ALL = "train/all";

    enum Event { BATCH_LOSS, EVALUATIONS, EPOCH_TIME }

    private final Event event;

    ListenerHook(TrainerRuns runs, Event event) {
        super(runs);
        this.event = event;
    }

    @Override
    public void exit(Object state, Object listener, Object[] args, Object returned, Throwable thrown)
            throws Exception {
        TrainerRun run = thrown == null ? runs.get(args[0]) : null;
        if (run == null || !run.isOpen()) {
            return;
        }
        Object trainer = args[0];
        switch (event) {
            case BATCH_LOSS -> run.batchLoss((Float) Reflect.call(Reflect.call(trainer, "getLoss"), "getAccumulator",
                    TRAIN_ALL));
            case EVALUATIONS -> run.evaluations((Map<?, ?>) Reflect.call(listener, "getLatestEvaluations"));
            case EPOCH_TIME -> run.epochEnded(djlEpochNanos(Reflect.call(trainer, "getMetrics")));
        }
    }

    /** The {@code epoch} metric the listener just added to the trainer's {@code Metrics}, or null without one. */
    private static Number djlEpochNanos(Object metrics) throws Exception {
        if (metrics == null || !(Boolean) Reflect.call(metrics, "hasMetric", "epoch")) {
            return null;
        }
        return (Number) Reflect.call(Reflect.call(metrics, "latestMetric", "epoch"), "getValue");
    }
}
