package dev.autolog.integration.dl4j;

import dev.autolog.hook.Hook;

/** Entry of a network's {@code incrementEpochCount()}, which {@code fit} calls after the epoch's listeners ran. */
final class EpochHook implements Hook {

    @Override
    public Object enter(Object network, Object[] args) {
        ScoreSeries series = LiveScores.of(network);
        if (series != null) {
            series.flushEpoch();
        }
        return null;
    }

    @Override
    public void exit(Object state, Object network, Object[] args, Object returned, Throwable thrown) {
    }
}
