package dev.autolog.run;

import dev.autolog.backend.LoggedModel;
import dev.autolog.backend.LoggedModelStatus;
import dev.autolog.logging.Event;
import dev.autolog.model.ModelSpec;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The LoggedModel of one training: created PENDING when the training starts, its MLflow Model directory written
 * when the integration hands the model over, READY or FAILED once at the end. Shared by the continuations of a
 * lasting training.
 */
final class TrainedModel {
    private final TrackingEngine engine;
    private final Run run;
    private final String id;
    private final String path;
    private final AtomicBoolean finalized = new AtomicBoolean();
    private volatile boolean handedOver;
    private volatile boolean later;

    private TrainedModel(TrackingEngine engine, Run run, String id, String path) {
        this.engine = engine;
        this.run = run;
        this.id = id;
        this.path = path;
    }

    /** Enqueues the PENDING LoggedModel named after the run's model path ({@code model}, {@code model-2}, ...). */
    static TrainedModel start(TrackingEngine engine, Run run, String path) {
        TrainedModel model = new TrainedModel(engine, run, "m-" + RunNames.newRunId(), path);
        engine.enqueue(new Event.CreateLoggedModel(new LoggedModel(run.id(), model.id, path,
                System.currentTimeMillis())));
        return model;
    }

    String id() {
        return id;
    }

    /** The first hand-over is registered (when a registered model name is configured); later ones rewrite files. */
    void handOver(ModelSpec spec) {
        boolean first = !handedOver;
        handedOver = true;
        engine.enqueue(new Event.LogModel(run.id(), id, path, spec, engine.modelDirectory(),
                System.currentTimeMillis(), first ? engine.config().registeredModelName() : null));
        if (later) {
            finish(LoggedModelStatus.READY);
        }
    }

    /** The model will be handed over after the training returned (Spark saves it on another thread). */
    void expectLater() {
        later = true;
    }

    /** The training ended: READY when the model was handed over, FAILED when it threw or no model came. */
    void trainingEnded(Throwable thrown) {
        if (thrown != null) {
            finish(LoggedModelStatus.FAILED);
        } else if (handedOver) {
            finish(LoggedModelStatus.READY);
        } else if (!later) {
            finish(LoggedModelStatus.FAILED);
        }
    }

    void unavailable() {
        finish(LoggedModelStatus.FAILED);
    }

    private void finish(LoggedModelStatus status) {
        if (finalized.compareAndSet(false, true)) {
            engine.enqueue(new Event.FinalizeLoggedModel(run.id(), id, status, System.currentTimeMillis()));
        }
    }
}
