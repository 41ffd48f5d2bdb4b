package dev.autolog.integration.dl4j;

import dev.autolog.run.Training;
import java.lang.ref.WeakReference;

/**
 * The live metrics of one network in one run: {@code score} (the minibatch loss the listeners just saw) at
 * step = iteration, {@code learning_rate} there too when the updater follows a schedule, and {@code epoch_score},
 * the mean of the epoch's minibatch scores, at step = epoch when the epoch ends (or the next one starts, or the
 * run ends). Only the training thread writes; the reaper may flush the last epoch when the network is idle.
 */
final class ScoreSeries {
    static final String SCORE = "score";
    static final String EPOCH_SCORE = "epoch_score";
    static final String LEARNING_RATE = "learning_rate";

    private final Training training;
    private final WeakReference<Object> network;
    private final LearningRate learningRate;
    private int epoch = -1;
    private double sum;
    private int count;

    ScoreSeries(Training training, Object network) {
        this.training = training;
        this.network = new WeakReference<>(network);
        this.learningRate = LearningRate.scheduled((Object[]) Beans.get(network, "getLayers"));
    }

    boolean isOf(Object model) {
        return network.get() == model;
    }

    Training training() {
        return training;
    }

    synchronized void iterationDone(Object model) throws Exception {
        int iteration = Beans.intValue(model, "getIterationCount");
        int currentEpoch = Beans.intValue(model, "getEpochCount");
        double score = ((Number) Beans.get(model, "score")).doubleValue();
        training.metric(SCORE, score, iteration);
        if (learningRate != null) {
            training.metric(LEARNING_RATE, learningRate.at(iteration, currentEpoch), iteration);
        }
        if (currentEpoch != epoch) {
            flushEpoch();
            epoch = currentEpoch;
        }
        sum += score;
        count++;
    }

    /** Logs the epoch under way, if it saw iterations. */
    synchronized void flushEpoch() {
        if (count > 0) {
            training.metric(EPOCH_SCORE, sum / count, epoch);
        }
        sum = 0;
        count = 0;
    }
}
