package dev.autolog.integration.dl4j;

import dev.autolog.hook.Hook;

/**
 * Entry of {@code BaseOptimizer.incrementIterationCount(model, n)}, which every optimizer calls right after it
 * notified the network's listeners of the iteration: the score logged here is the one the listeners just saw, and
 * the network's own listener list is left alone.
 */
final class IterationHook implements Hook {

    @Override
    public Object enter(Object none, Object[] args) throws Exception {
        ScoreSeries series = LiveScores.of(args[0]);
        if (series != null) {
            series.iterationDone(args[0]);
        }
        return null;
    }

    @Override
    public void exit(Object state, Object none, Object[] args, Object returned, Throwable thrown) {
    }
}
