package dev.autolog.run;

/**
 * Which training produced a model, so that evaluating the model later (after its {@code fit} returned, possibly
 * on another thread) logs into the same run, with the same {@code -<n>} suffix as the training's own metrics.
 */
public final class ModelRuns {
    private static final WeakIdentityMap<Training> TRAININGS = new WeakIdentityMap<>();

    private ModelRuns() {
    }

    /** Remembers {@code model} as the result of {@code training}; ignored for inactive trainings. */
    public static void remember(Object model, Training training) {
        if (model != null && training != null && training.isActive()) {
            TRAININGS.put(model, training);
        }
    }

    /** The training that produced {@code model}, or null when it was not tracked (or not by this JVM). */
    public static Training of(Object model) {
        return model == null ? null : TRAININGS.get(model);
    }
}
