package dev.autolog.integration.dl4j;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.autolog.agent.tooling.Integration;
import dev.autolog.agent.tooling.TypeInstrumentation;
import dev.autolog.hook.Hooks;
import java.util.List;

/**
 * Deeplearning4j: every public {@code fit} of {@code MultiLayerNetwork} and {@code ComputationGraph} (the outermost
 * one opens or continues the network's run), {@code BaseEarlyStoppingTrainer.fit()}, the per-iteration count
 * {@code BaseOptimizer.incrementIterationCount} (right after the optimizer notified the listeners: the live score),
 * {@code incrementEpochCount} (the end of an epoch), {@code doEvaluation} (where every evaluate ends) and
 * {@code save(File, boolean)}.
 */
public final class Dl4jIntegration implements Integration {
    static final String FRAMEWORK = "dl4j";
    static final String MULTI_LAYER = "org.deeplearning4j.nn.multilayer.MultiLayerNetwork";
    static final String GRAPH = "org.deeplearning4j.nn.graph.ComputationGraph";
    static final String OPTIMIZER = "org.deeplearning4j.optimize.solvers.BaseOptimizer";
    static final String EARLY_STOPPING = "org.deeplearning4j.earlystopping.trainer.BaseEarlyStoppingTrainer";
    static final String ITERATORS = "org.nd4j.linalg.dataset.api.iterator.";
    static final String FIT_HOOK = "dl4j.fit";
    static final String ITERATION_HOOK = "dl4j.iteration";
    static final String EPOCH_HOOK = "dl4j.epoch";
    static final String EVALUATE_HOOK = "dl4j.evaluate";
    static final String SAVE_HOOK = "dl4j.save";
    static final String EARLY_STOPPING_HOOK = "dl4j.earlyStopping";

    @Override
    public String name() {
        return FRAMEWORK;
    }

    @Override
    public void registerHooks() {
        NetworkRuns runs = new NetworkRuns();
        Hooks.register(FIT_HOOK, new FitHook(runs));
        Hooks.register(ITERATION_HOOK, new IterationHook());
        Hooks.register(EPOCH_HOOK, new EpochHook());
        Hooks.register(EVALUATE_HOOK, new EvaluateHook(runs));
        Hooks.register(SAVE_HOOK, new SaveHook(runs));
        Hooks.register(EARLY_STOPPING_HOOK, new EarlyStoppingHook());
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(network(MULTI_LAYER, ITERATORS + "DataSetIterator"),
                network(GRAPH, ITERATORS + "MultiDataSetIterator"),
                // the plain advice (null for this): the static one's Method lookup and argument write-back would
                // cost something on every iteration, and this hook needs neither
                TypeInstrumentation.of(named(OPTIMIZER), hooks -> hooks.hook(
                        named("incrementIterationCount").and(isStatic()).and(takesArguments(2)), ITERATION_HOOK)),
                TypeInstrumentation.of(named(EARLY_STOPPING), hooks -> hooks.hook(
                        named("fit").and(isPublic()).and(takesArguments(0)), EARLY_STOPPING_HOOK)));
    }

    @Override
    public List<String> classNamePrefixes() {
        return List.of("org/deeplearning4j/");
    }

    @Override
    public String checkLoader(ClassLoader loader) {
        return Dl4jVersions.check(loader);
    }

    /**
     * A network class. {@code evaluatedIterator} is the iterator type of the {@code doEvaluation} overload that does
     * the work (the other one wraps its iterator and calls it), so one evaluation is seen once.
     */
    private static TypeInstrumentation network(String type, String evaluatedIterator) {
        return TypeInstrumentation.of(named(type), hooks -> hooks
                .hook(named("fit").and(isPublic()).and(not(isStatic())).and(not(isBridge())).and(not(isSynthetic())),
                        FIT_HOOK)
                .hook(named("incrementEpochCount").and(takesArguments(0)), EPOCH_HOOK)
                .hook(named("doEvaluation").and(takesArguments(2))
                        .and(takesArgument(0, named(evaluatedIterator))), EVALUATE_HOOK)
                .hook(named("save").and(takesArguments(2)).and(takesArgument(0, named("java.io.File"))),
                        SAVE_HOOK));
    }
}
