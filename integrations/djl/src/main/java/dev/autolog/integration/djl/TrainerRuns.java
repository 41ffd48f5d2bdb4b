package dev.autolog.integration.djl;

import dev.autolog.RunStatus;
import dev.autolog.logging.Diagnostics;
import dev.autolog.run.TrackingEngine;
import dev.autolog.run.WeakIdentityMap;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every trainer's {@link TrainerRun} and the training configuration it was made from ({@code newTrainer} is the
 * only place that still sees it). At JVM exit, hand-written loops whose trainer was never closed end their runs.
 */
final class TrainerRuns {
    private final WeakIdentityMap<TrainerRun> byTrainer = new WeakIdentityMap<>();
    private final WeakIdentityMap<Object> configs = new WeakIdentityMap<>();
    private final Set<TrainerRun> handLoops = ConcurrentHashMap.newKeySet();
    private boolean shutdownHooked;
    /** The trainer asked for last: each batch asks for its trainer's run two or three times. */
    private volatile Last last;

    private record Last(WeakReference<Object> trainer, TrainerRun run) {
    }

    synchronized TrainerRun of(Object trainer) {
        TrainerRun run = byTrainer.get(trainer);
        if (run == null) {
            byTrainer.removeCollected();
            run = new TrainerRun();
            byTrainer.put(trainer, run);
        }
        return run;
    }

    /** The trainer's run state, or null when it never trained. */
    TrainerRun get(Object trainer) {
        Last l = last;
        if (l != null && l.trainer().get() == trainer) {
            return l.run();
        }
        TrainerRun run = byTrainer.get(trainer);
        if (run != null) {
            last = new Last(new WeakReference<>(trainer), run);
        }
        return run;
    }

    void configured(Object trainer, Object config) {
        configs.removeCollected();
        configs.put(trainer, config);
    }

    /** The {@code TrainingConfig} the trainer was made from, or null (a trainer built with {@code new Trainer}). */
    Object config(Object trainer) {
        return configs.get(trainer);
    }

    /** A hand-written loop's run opened: it ends at the latest when the JVM exits. */
    void handLoopOpened(TrainerRun run) {
        handLoops.add(run);
        synchronized (this) {
            if (!shutdownHooked) {
                shutdownHooked = true;
                TrackingEngine.get().onShutdown(this::endAll);
            }
        }
    }

    void handLoopEnded(TrainerRun run) {
        handLoops.remove(run);
    }

    private void endAll() {
        for (TrainerRun run : handLoops) {
            try {
                run.endHandLoop(null, RunStatus.FINISHED);
            } catch (RuntimeException e) {
                Diagnostics.hookError("djl.runs", e);
            }
        }
    }
}
