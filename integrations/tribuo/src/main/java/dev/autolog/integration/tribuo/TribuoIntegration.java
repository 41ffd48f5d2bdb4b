package dev.autolog.integration.tribuo;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
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
 * Tribuo: every {@code train} of a {@code Trainer} or {@code SequenceTrainer} implementation (the outermost one
 * opens the run), {@code CrossValidation.evaluate} (one run for all folds), and
 * {@code AbstractEvaluator.evaluate(Model, List, DataProvenance)}, where every public evaluate path ends, and its
 * sequence twin {@code AbstractSequenceEvaluator.evaluate(SequenceModel, List, DataProvenance)}.
 */
public final class TribuoIntegration implements Integration {
    static final String TRAINER = "org.tribuo.Trainer";
    static final String SEQUENCE_TRAINER = "org.tribuo.sequence.SequenceTrainer";
    static final String EVALUATOR = "org.tribuo.evaluation.AbstractEvaluator";
    static final String SEQUENCE_EVALUATOR = "org.tribuo.sequence.AbstractSequenceEvaluator";
    static final String CROSS_VALIDATION = "org.tribuo.evaluation.CrossValidation";
    static final String TRAIN_HOOK = "tribuo.train";
    static final String EVALUATE_HOOK = "tribuo.evaluate";
    static final String CROSS_VALIDATION_HOOK = "tribuo.crossValidation";

    @Override
    public String name() {
        return "tribuo";
    }

    @Override
    public void registerHooks() {
        Hooks.register(TRAIN_HOOK, new TrainHook());
        Hooks.register(EVALUATE_HOOK, new EvaluateHook());
        Hooks.register(CROSS_VALIDATION_HOOK, new CrossValidationHook());
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(
                TypeInstrumentation.of(not(isInterface()).and(hasSuperType(named(TRAINER).or(named(SEQUENCE_TRAINER)))),
                        hooks -> hooks.hook(named("train").and(isPublic()).and(not(isAbstract())).and(not(isBridge()))
                                .and(not(isSynthetic()))
                                .and(takesArgument(0, named("org.tribuo.Dataset")
                                        .or(named("org.tribuo.sequence.SequenceDataset"))))
                                .and(takesArguments(1).or(takesArguments(2)).or(takesArguments(3))), TRAIN_HOOK)),
                evaluation(EVALUATOR, "org.tribuo.Model"),
                evaluation(SEQUENCE_EVALUATOR, "org.tribuo.sequence.SequenceModel"),
                TypeInstrumentation.of(named(CROSS_VALIDATION),
                        hooks -> hooks.hook(named("evaluate").and(takesArguments(0)), CROSS_VALIDATION_HOOK)));
    }

    /** {@code evaluate(model, predictions, dataProvenance)} of {@code evaluator}, where its evaluate paths end. */
    private static TypeInstrumentation evaluation(String evaluator, String model) {
        return TypeInstrumentation.of(named(evaluator), hooks -> hooks.hook(named("evaluate").and(takesArguments(3))
                .and(takesArgument(0, named(model))).and(takesArgument(1, named("java.util.List"))), EVALUATE_HOOK));
    }

    @Override
    public List<String> classNamePrefixes() {
        return List.of("org/tribuo/");
    }

    @Override
    public String checkLoader(ClassLoader loader) {
        return TribuoVersions.check(loader);
    }
}
