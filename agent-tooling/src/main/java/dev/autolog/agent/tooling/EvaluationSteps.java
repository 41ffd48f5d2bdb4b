package dev.autolog.agent.tooling;

import dev.autolog.run.WeakIdentityMap;

/**
 * The step of a model's next evaluation: how many evaluations of that model came before (0, 1, …). Models are held
 * weakly, by identity.
 */
public final class EvaluationSteps {
    private final WeakIdentityMap<int[]> counts = new WeakIdentityMap<>();

    public synchronized int next(Object model) {
        int[] count = counts.get(model);
        if (count == null) {
            count = new int[1];
            counts.put(model, count);
        }
        return count[0]++;
    }
}
