package dev.autolog.integration.djl;

import dev.autolog.RunStatus;
import dev.autolog.agent.tooling.Reflect;
import dev.autolog.run.Training;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What one trainer logs into: the training of the {@code EasyTrain.fit} under way, or the lasting training of a
 * hand-written loop (from its first batch until the trainer is closed, a fit starts on it, or the JVM exits), and
 * the steps of its live metrics. Synchronized: a trainer may be closed by DJL's finalizer, and runs end at exit.
 */
final class TrainerRun {
    static final String BATCH_LOSS = "batch_loss";
    static final String EPOCH_TIME = "epoch_time_ms";

    private Training training;
    private Training opening;
    private boolean handLoop;
    private int underway;
    private boolean failed;
    private boolean batchSizeLogged;
    private long batches;
    private int evaluatedEpochs;
    private int timedEpochs;
    private long epochStart;

    synchronized void fitStarted(Training t) {
        restart(t, false);
    }

    synchronized void fitEnded() {
        training = null;
    }

    /** A batch or step of a hand-written loop: opens or continues its run; the caller ends what it returns. */
    synchronized Training beginBatch(String version) {
        Training t = Training.beginLasting(DjlIntegration.FRAMEWORK, version, handLoop ? training : null);
        if (!t.isActive()) {
            return t;
        }
        if (!handLoop || training.run() != t.run()) {
            restart(t, true);
        }
        training = t;
        underway++;
        return t;
    }

    synchronized void endBatch(Throwable thrown) {
        underway--;
        failed = thrown != null;
    }

    /** True when {@code t} is the training that opened this run (its params are still to be logged). */
    synchronized boolean isFresh(Training t) {
        return opening == t;
    }

    /** Ends the hand-written loop's run, if one is open, after {@code beforeEnd} logged into it (the model). */
    synchronized void endHandLoop(Consumer<Training> beforeEnd, RunStatus status) {
        if (!handLoop || !isOpen()) {
            return;
        }
        try {
            if (beforeEnd != null && underway == 0) {
                beforeEnd.accept(training);
            }
        } finally {
            training.endRun(underway > 0 ? RunStatus.KILLED : failed ? RunStatus.FAILED : status);
            training = null;
            handLoop = false;
        }
    }

    synchronized boolean isOpen() {
        return training != null && !training.runEnded();
    }

    synchronized boolean isHandLoop() {
        return handLoop && isOpen();
    }

    /** The size of the first batch the trainer trains on in this run ({@code Batch.getSize()}). */
    synchronized void firstBatch(Object batch) throws Exception {
        if (!batchSizeLogged && isOpen()) {
            batchSizeLogged = true;
            training.param("batch_size", Reflect.call(batch, "getSize"));
        }
    }

    synchronized void batchLoss(float loss) {
        if (isOpen()) {
            training.metric(BATCH_LOSS, loss, batches++);
        }
    }

    /** The evaluations DJL's listener just computed for the epoch, named as {@code TrainingResult} names them. */
    synchronized void evaluations(Map<?, ?> latest) {
        if (!isOpen()) {
            return;
        }
        int step = evaluatedEpochs++;
        for (Map.Entry<?, ?> e : latest.entrySet()) {
            double value = ((Number) e.getValue()).doubleValue();
            if (!Double.isNaN(value)) { // validate_* without a validation set
                training.metric(String.valueOf(e.getKey()), value, step);
            }
        }
    }

    /** The epoch's time: DJL's own measurement (nanoseconds) when the trainer has a {@code Metrics}, else ours. */
    synchronized void epochEnded(Number djlNanos) {
        long now = System.nanoTime();
        double nanos = djlNanos != null ? djlNanos.doubleValue() : now - epochStart;
        epochStart = now;
        if (isOpen()) {
            training.metric(EPOCH_TIME, nanos / 1e6, timedEpochs++);
        }
    }

    private void restart(Training t, boolean lasting) {
        training = t;
        opening = t;
        handLoop = lasting;
        failed = false;
        batchSizeLogged = false;
        batches = 0;
        evaluatedEpochs = 0;
        timedEpochs = 0;
        epochStart = System.nanoTime();
    }
}
