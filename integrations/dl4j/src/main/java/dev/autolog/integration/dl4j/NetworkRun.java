package dev.autolog.integration.dl4j;

import dev.autolog.RunStatus;
import dev.autolog.run.Training;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * The run of one network across its {@code fit} calls. Each outermost {@code fit} continues the run while it is
 * open, so an epoch loop is one run; the run ends when {@link NetworkRuns} decides the network is done with (idle,
 * evaluated or saved and then idle, collected, or the JVM exits). Synchronized: the reaper thread ends runs.
 */
final class NetworkRun {
    private final WeakReference<Object> network;
    private Training training;
    private ScoreSeries scores;
    private int underway;
    private long idleSince;
    private boolean done;
    private boolean modelSaved;
    private boolean failed;
    private List<List<Double>> example;

    NetworkRun(Object network) {
        this.network = new WeakReference<>(network);
    }

    /** Begins an outermost {@code fit}; {@link #isFresh} then says whether it started a new run. */
    synchronized Training begin(String version) {
        Training previous = training;
        Training t = Training.beginLasting(Dl4jIntegration.FRAMEWORK, version, previous);
        if (!t.isActive()) {
            return t;
        }
        if (previous == null || previous.run() != t.run()) {
            scores = new ScoreSeries(t, network.get());
            modelSaved = false;
            example = null;
        }
        training = t;
        underway++;
        done = false;
        return t;
    }

    synchronized boolean isFresh(Training t) {
        return scores != null && scores.training() == t;
    }

    synchronized ScoreSeries scores() {
        return scores;
    }

    synchronized void trained(Throwable thrown, long now) {
        underway--;
        idleSince = now;
        failed = thrown != null;
    }

    /** Evaluated or saved: the run ends after a short grace unless the network trains again. */
    synchronized Training done(long now) {
        done = true;
        idleSince = now;
        return isOpen() ? training : null;
    }

    /** The first rows of the run's first {@code fit(DataSet)} or {@code fit(features, labels)}, or null. */
    synchronized List<List<Double>> example() {
        return example;
    }

    synchronized void example(List<List<Double>> rows) {
        example = rows;
    }

    synchronized void modelSaved() {
        modelSaved = true;
    }

    synchronized boolean isOpen() {
        return training != null && !training.runEnded();
    }

    synchronized boolean expired(long now, long idleNanos, long doneNanos) {
        return isOpen() && underway == 0 && now - idleSince >= (done ? doneNanos : idleNanos);
    }

    /** Ends the run: the last epoch's score, the model (unless the user's save logged it), the status. */
    synchronized void end() {
        if (!isOpen()) {
            return;
        }
        try {
            scores.flushEpoch();
            Object net = network.get();
            if (net != null && !modelSaved && training.logModels() && underway == 0) {
                byte[] zip = ModelZip.of(net);
                training.model(ModelZip.spec(net, () -> zip, example));
            }
        } finally {
            training.endRun(underway > 0 ? RunStatus.KILLED : failed ? RunStatus.FAILED : RunStatus.FINISHED);
        }
    }
}
