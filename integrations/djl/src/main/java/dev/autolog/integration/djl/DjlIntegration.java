package dev.autolog.integration.djl;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.autolog.agent.tooling.Integration;
import dev.autolog.agent.tooling.TypeInstrumentation;
import dev.autolog.hook.Hooks;
import java.util.List;

/**
 * Deep Java Library: {@code EasyTrain.fit} (one run per call), {@code EasyTrain.trainBatch} and
 * {@code Trainer.step} outside a fit (a hand-written loop: one run from its first batch until {@code Trainer.close}),
 * the {@code newTrainer} of every model class (which training configuration a trainer has), and the two listeners
 * of DJL's where the values a user sees are computed: {@code EvaluatorTrainingListener} (the batch loss, the
 * epoch's evaluations {@code TrainingResult} reports) and {@code EpochTrainingListener} (the epoch's time).
 */
public final class DjlIntegration implements Integration {
    static final String FRAMEWORK = "djl";
    static final String EASY_TRAIN = "ai.djl.training.EasyTrain";
    static final String TRAINER = "ai.djl.training.Trainer";
    static final String BASE_MODEL = "ai.djl.BaseModel";
    static final String EVALUATOR_LISTENER = "ai.djl.training.listener.EvaluatorTrainingListener";
    static final String EPOCH_LISTENER = "ai.djl.training.listener.EpochTrainingListener";
    static final String FIT_HOOK = "djl.fit";
    static final String BATCH_HOOK = "djl.batch";
    static final String CLOSE_HOOK = "djl.close";
    static final String NEW_TRAINER_HOOK = "djl.newTrainer";
    static final String BATCH_LOSS_HOOK = "djl.batchLoss";
    static final String EVALUATIONS_HOOK = "djl.evaluations";
    static final String EPOCH_TIME_HOOK = "djl.epochTime";

    @Override
    public String name() {
        return FRAMEWORK;
    }

    @Override
    public void registerHooks() {
        TrainerRuns runs = new TrainerRuns();
        Hooks.register(FIT_HOOK, new FitHook(runs));
        Hooks.register(BATCH_HOOK, new BatchHook(runs));
        Hooks.register(CLOSE_HOOK, new CloseHook(runs));
        Hooks.register(NEW_TRAINER_HOOK, new NewTrainerHook(runs));
        Hooks.register(BATCH_LOSS_HOOK, new ListenerHook(runs, ListenerHook.Event.BATCH_LOSS));
        Hooks.register(EVALUATIONS_HOOK, new ListenerHook(runs, ListenerHook.Event.EVALUATIONS));
        Hooks.register(EPOCH_TIME_HOOK, new ListenerHook(runs, ListenerHook.Event.EPOCH_TIME));
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(
                TypeInstrumentation.of(named(EASY_TRAIN), hooks -> hooks
                        .hook(named("fit").and(isStatic()).and(takesArguments(4)), FIT_HOOK)
                        .hook(named("trainBatch").and(isStatic()).and(takesArguments(2)), BATCH_HOOK)),
                TypeInstrumentation.of(named(TRAINER), hooks -> hooks
                        .hook(named("step").and(takesArguments(0)), BATCH_HOOK)
                        .hook(named("close").and(takesArguments(0)), CLOSE_HOOK)),
                TypeInstrumentation.of(hasSuperType(named(BASE_MODEL)).and(not(isAbstract())), hooks -> hooks
                        .hook(named("newTrainer").and(takesArguments(1)), NEW_TRAINER_HOOK)),
                TypeInstrumentation.of(named(EVALUATOR_LISTENER), hooks -> hooks
                        .hook(named("onTrainingBatch").and(takesArguments(2)), BATCH_LOSS_HOOK)
                        .hook(named("onEpoch").and(takesArguments(1)), EVALUATIONS_HOOK)),
                TypeInstrumentation.of(named(EPOCH_LISTENER), hooks -> hooks
                        .hook(named("onEpoch").and(takesArguments(1)), EPOCH_TIME_HOOK)));
    }

    @Override
    public List<String> classNamePrefixes() {
        return List.of("ai/djl/");
    }

    @Override
    public String checkLoader(ClassLoader loader) {
        return DjlVersions.check(loader);
    }
}
