package dev.autolog.integration.xgboost;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.autolog.agent.tooling.Integration;
import dev.autolog.agent.tooling.TypeInstrumentation;
import dev.autolog.hook.Hooks;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * XGBoost4J: every public {@code XGBoost.train} overload (and the Scala API, which delegates to it) funnels into
 * {@code XGBoost.trainAndSaveCheckpoint}, the one training hook; per-round metrics come from {@code Booster.evalSet};
 * {@code new DMatrix(String)} records the file a matrix was read from, its dataset's source.
 */
public final class XGBoostIntegration implements Integration {
    static final String XGBOOST = "ml.dmlc.xgboost4j.java.XGBoost";
    static final String BOOSTER = "ml.dmlc.xgboost4j.java.Booster";
    static final String DMATRIX = "ml.dmlc.xgboost4j.java.DMatrix";
    static final String TRAIN_HOOK = "xgboost.train";
    static final String EVAL_HOOK = "xgboost.evalSet";
    static final String CUSTOM_EVAL_HOOK = "xgboost.evalSet.custom";
    static final String FILE_MATRIX_HOOK = "xgboost.DMatrix.file";

    @Override
    public String name() {
        return "xgboost";
    }

    @Override
    public void registerHooks() {
        Hooks.register(TRAIN_HOOK, new TrainHook());
        Hooks.register(EVAL_HOOK, new EvalSetHook(false));
        Hooks.register(CUSTOM_EVAL_HOOK, new EvalSetHook(true));
        Hooks.register(FILE_MATRIX_HOOK, new DMatrixFiles());
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(
                TypeInstrumentation.of(named(XGBOOST), hooks -> hooks.hook(
                        isStatic().and(named("trainAndSaveCheckpoint")).and(takesArguments(12)), TRAIN_HOOK)),
                TypeInstrumentation.of(named(BOOSTER), hooks -> hooks
                        .hook(evalSet(3).and(takesArgument(2, int.class)), EVAL_HOOK)
                        .hook(evalSet(4).and(takesArgument(2, named("ml.dmlc.xgboost4j.java.IEvaluation"))),
                                CUSTOM_EVAL_HOOK)),
                TypeInstrumentation.of(named(DMATRIX), hooks -> hooks.hookConstructor(
                        isConstructor().and(takesArguments(String.class)), FILE_MATRIX_HOOK)));
    }

    @Override
    public List<String> classNamePrefixes() {
        return List.of("ml/dmlc/xgboost4j/java/");
    }

    @Override
    public String checkLoader(ClassLoader loader) {
        return XGBoostVersions.check(loader);
    }

    private static ElementMatcher.Junction<MethodDescription> evalSet(int arity) {
        return named("evalSet").and(takesArguments(arity));
    }
}
