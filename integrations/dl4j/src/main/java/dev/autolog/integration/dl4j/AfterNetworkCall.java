package dev.autolog.integration.dl4j;

import dev.autolog.hook.Hook;

/** A hook that acts only when a network's method returned, with the network runs at hand. */
abstract class AfterNetworkCall implements Hook {
    protected final NetworkRuns runs;

    AfterNetworkCall(NetworkRuns runs) {
        this.runs = runs;
    }

    @Override
    public final Object enter(Object network, Object[] args) {
        return null;
    }
}
