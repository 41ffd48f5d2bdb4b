package dev.autolog.integration.smile;

/**
 * What the Smile hooks know about the training under way on this thread: the algorithm whose nested calls
 * still add params (the class of the outermost {@code fit}; for a cross-validation or the facade, the class of the
 * first {@code fit} reached), the training data, and the live progress listener, attached at most once.
 */
final class TrainingState {
    private static final ThreadLocal<TrainingState> CURRENT = new ThreadLocal<>();

    Class<?> algorithm;
    final boolean liveAllowed;
    LiveStatus live;
    /** The outermost call's training data: a matrix or a {@code DataFrame}. */
    Object data;

    private TrainingState(Class<?> algorithm, boolean liveAllowed) {
        this.algorithm = algorithm;
        this.liveAllowed = liveAllowed;
    }

    static TrainingState start(Class<?> algorithm, boolean liveAllowed) {
        TrainingState state = new TrainingState(algorithm, liveAllowed);
        CURRENT.set(state);
        return state;
    }

    static TrainingState current() {
        return CURRENT.get();
    }

    static void stop() {
        CURRENT.remove();
    }

    /** True when a {@code fit} of {@code type} belongs to the algorithm trained (and claims it if none yet). */
    boolean isAlgorithm(Class<?> type) {
        if (algorithm == null) {
            algorithm = type;
        }
        return algorithm == type;
    }
}
