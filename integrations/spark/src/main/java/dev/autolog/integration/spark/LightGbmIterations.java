package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.hook.Hook;

/**
 * After SynapseML's {@code TrainUtils.afterTrainIteration(state, log, trainEvalResults, validEvalResults)}, in the
 * Spark task that drives the native booster: the evaluations LightGBM computed for this iteration (each an
 * {@code Option} of a metric → value map, as its {@code LightGBMDelegate} receives them), as
 * {@code train-<metric>} and {@code validation-<metric>} at step = {@code state.iteration}.
 */
final class LightGbmIterations implements Hook {

    @Override
    public Object enter(Object self, Object[] args) {
        return null;
    }

    @Override
    public void exit(Object state, Object self, Object[] args, Object returned, Throwable thrown) throws Exception {
        if (thrown != null || !LightGbmFits.anyOpen()) {
            return;
        }
        long iteration = ((Number) Reflect.call(args[0], "iteration")).longValue();
        report("train-", iteration, args[2]);
        report("validation-", iteration, args[3]);
    }

    private static void report(String prefix, long iteration, Object option) throws Exception {
        if (option == null || !(Boolean) Reflect.call(option, "isDefined")) {
            return;
        }
        Object entries = Reflect.call(Reflect.call(option, "get"), "iterator");
        while ((Boolean) Reflect.call(entries, "hasNext")) {
            Object pair = Reflect.call(entries, "next");
            LightGbmFits.report(prefix + Reflect.call(pair, "_1"), iteration,
                    ((Number) Reflect.call(pair, "_2")).doubleValue());
        }
    }
}
