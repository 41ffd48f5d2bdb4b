package dev.autolog.integration.dl4j;

/**
 * The score series of the network training on this thread. DL4J's optimizer notifies the listeners and then counts
 * the iteration on the training thread, so the iteration hook finds its series here, without a lookup by network.
 */
final class LiveScores {
    private static final ThreadLocal<ScoreSeries> CURRENT = new ThreadLocal<>();

    private LiveScores() {
    }

    static ScoreSeries current() {
        return CURRENT.get();
    }

    static void set(ScoreSeries series) {
        CURRENT.set(series);
    }

    static void clear() {
        CURRENT.remove();
    }

    /** The series of {@code model} when it is the network training on this thread, else null. */
    static ScoreSeries of(Object model) {
        ScoreSeries series = CURRENT.get();
        return series != null && series.isOf(model) ? series : null;
    }
}
