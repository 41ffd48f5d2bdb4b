package dev.autolog.integration.spark;

import dev.autolog.hook.Hook;
import dev.autolog.run.ModelRuns;
import dev.autolog.run.WeakIdentityMap;

/**
 * After {@code Model.transform(Dataset)} of a tracked model: remembers which model produced the output, so that an
 * evaluation of that output logs into the model's run.
 */
final class TransformHook implements Hook {
    private static final WeakIdentityMap<Object> PRODUCED_BY = new WeakIdentityMap<>();
    private static final WeakIdentityMap<Object> INPUT_OF = new WeakIdentityMap<>();

    @Override
    public Object enter(Object self, Object[] args) {
        return null;
    }

    @Override
    public void exit(Object state, Object self, Object[] args, Object returned, Throwable thrown) {
        if (thrown == null && returned != null && ModelRuns.of(self) != null) {
            PRODUCED_BY.put(returned, self);
            if (args.length > 0 && args[0] != null) {
                INPUT_OF.put(returned, args[0]);
            }
        }
    }

    /** The DataFrame a tracked model's {@code transform} turned into {@code dataset}, or null. */
    static Object inputOf(Object dataset) {
        return dataset == null ? null : INPUT_OF.get(dataset);
    }

    /** The tracked model whose {@code transform} returned {@code dataset}, or null. */
    static Object modelOf(Object dataset) {
        return dataset == null ? null : PRODUCED_BY.get(dataset);
    }
}
