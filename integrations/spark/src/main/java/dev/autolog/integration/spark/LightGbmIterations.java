package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.hook.Hook;

/**
 * After SynapseML's {@code TrainUtils.afterTrainIteration(state, log, trainEvalResults, validEvalResults)}, in the
 * Spark task that drives the native booster: the evaluations LightGBM computed for this iteration (each an
 * {@code Option} of a metric → value map, as its {@code LightGBMDelegate} receives them), as
 * {@code train-<metric>} and {@code validation-<metric>} at step = {@code state.iteration}, counted on across the
 * batches of one fit ({@code numBatches}: each batch's booster starts again from iteration 0).
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
        int batch = ((Number) Reflect.call(Reflect.call(Reflect.call(args[0], "ctx"), "trainingCtx"), "batchIndex"))
                .intValue();
        report("train-", batch, iteration, args[2]);
        report("validation-", batch, iteration, args[3]);
    }

    private static void report(String prefix, int batch, long iteration, Object option) throws Exception {
        if (option == null || !(Boolean) Reflect.call(option, "isDefined")) {
            return;
        }
        Object entries = Reflect.call(Reflect.call(option, "get"), "iterator");
        while ((Boolean) Reflect.call(entries, "hasNext")) {
            Object pair = Reflect.call(entries, "next");
            // LightGBM's ndcg@k and map@k as mlflow.lightgbm.autolog names them: ndcg_at_k
            String metric = String.valueOf(Reflect.call(pair, "_1")).replace("@", "_at_");
            LightGbmFits.report(prefix + metric, batch, iteration, ((Number) Reflect.call(pair, "_2")).doubleValue());
        }
    }
}
