package dev.autolog.integration.spark;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperClass;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.autolog.agent.tooling.Integration;
import dev.autolog.agent.tooling.TypeInstrumentation;
import dev.autolog.hook.Hooks;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spark MLlib: the outermost {@code Estimator.fit(Dataset)} on a driver thread opens the run, whichever package the
 * estimator comes from (Spark's, SynapseML's, the user's own); {@code Model.transform}
 * links its output to the model so that a later {@code Evaluator.evaluate} of it logs into the model's run; and
 * {@code Task.run} marks Spark task threads, so that no training inside a task (xgboost4j-spark's per-partition
 * XGBoost) opens a run of its own; {@code SparkContext.stop} waits for the tracking's own jobs of finished fits; and
 * Hadoop's local {@code setPermission} is done without a process for the agent's own model saves
 * ({@link OwnSavePermissions}).
 * Methods are matched by name and arity (Scala 2.12 and 2.13 signatures differ), never bridges or synthetic twins.
 */
public final class SparkIntegration implements Integration {
    static final String ESTIMATOR = "org.apache.spark.ml.Estimator";
    static final String MODEL = "org.apache.spark.ml.Model";
    static final String EVALUATOR = "org.apache.spark.ml.evaluation.Evaluator";
    static final String TASK = "org.apache.spark.scheduler.Task";
    static final String DATASET = "org.apache.spark.sql.Dataset";
    static final String FIT_HOOK = "spark.fit";
    static final String TRANSFORM_HOOK = "spark.transform";
    static final String EVALUATE_HOOK = "spark.evaluate";
    static final String TASK_HOOK = "spark.task";
    static final String STOP_HOOK = "spark.contextStop";
    static final String LIGHTGBM_ITERATION_HOOK = "spark.lightgbmIteration";
    /** SynapseML's training loop helpers (a Scala object), run inside the Spark task that trains the booster. */
    static final String LIGHTGBM_TRAIN_UTILS = "com.microsoft.azure.synapse.ml.lightgbm.TrainUtils$";
    static final String SPARK_CONTEXT = "org.apache.spark.SparkContext";
    static final String LOCAL_FILE_SYSTEM = "org.apache.hadoop.fs.RawLocalFileSystem";
    static final String SAVE_PERMISSIONS = "spark.savePermissions";
    /** In the class file of every class that declares a {@code fit(Dataset)} or {@code transform(Dataset)}. */
    private static final String DATASET_DESCRIPTOR = "L" + DATASET.replace('.', '/') + ";";

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public void registerHooks() {
        Hooks.register(FIT_HOOK, new LightGbmFits(new DriverFits(new FitHook())));
        Hooks.register(LIGHTGBM_ITERATION_HOOK, new LightGbmIterations());
        Hooks.register(TRANSFORM_HOOK, new TransformHook());
        Hooks.register(EVALUATE_HOOK, new EvaluateHook());
        Hooks.register(TASK_HOOK, new TaskHook());
        Hooks.register(STOP_HOOK, new ContextStopHook());
        Hooks.register(SAVE_PERMISSIONS, new OwnSavePermissions());
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(ofSubtypesAnywhere(ESTIMATOR, "fit", FIT_HOOK),
                ofSubtypesAnywhere(MODEL, "transform", TRANSFORM_HOOK),
                TypeInstrumentation.of(subtypeOf(EVALUATOR), hooks -> hooks.hook(takingDataset("evaluate"),
                        EVALUATE_HOOK)),
                of(TASK, "run", TASK_HOOK),
                of(SPARK_CONTEXT, "stop", STOP_HOOK),
                TypeInstrumentation.of(named(LOCAL_FILE_SYSTEM), hooks -> hooks.replaceable(
                        concrete("setPermission").and(takesArguments(2)), SAVE_PERMISSIONS)),
                TypeInstrumentation.of(named(LIGHTGBM_TRAIN_UTILS), hooks -> hooks.hook(
                        concrete("afterTrainIteration").and(takesArguments(4)), LIGHTGBM_ITERATION_HOOK)));
    }

    @Override
    public List<String> classNamePrefixes() {
        return List.of("org/apache/spark/ml/", "org/apache/spark/scheduler/", "org/apache/spark/SparkContext",
                "ml/dmlc/xgboost4j/scala/spark/", "com/microsoft/azure/synapse/ml/lightgbm/",
                LOCAL_FILE_SYSTEM.replace('.', '/'));
    }

    @Override
    public List<String> classFileMarkers() {
        return List.of(DATASET_DESCRIPTOR);
    }

    @Override
    public String checkLoader(ClassLoader loader) {
        return SparkVersions.check(loader);
    }

    /**
     * The concrete {@code method(Dataset)} of every subclass of {@code superType} in any package but Spark's
     * non-ML ones (Spark SQL's classes mention {@code Dataset} everywhere and extend none of MLlib's types).
     */
    private static TypeInstrumentation ofSubtypesAnywhere(String superType, String method, String hookId) {
        return TypeInstrumentation.ofAnyPackage(not(nameStartsWith("org.apache.spark.")
                        .and(not(nameStartsWith("org.apache.spark.ml.")))).and(subtypeOf(superType)),
                hooks -> hooks.hook(takingDataset(method), hookId));
    }

    private static ElementMatcher.Junction<TypeDescription> subtypeOf(String superClass) {
        return not(isInterface()).and(hasSuperClass(named(superClass)));
    }

    private static ElementMatcher<MethodDescription> takingDataset(String method) {
        return concrete(method).and(takesArguments(1)).and(takesArgument(0, named(DATASET)));
    }

    /** Every concrete {@code method} (any arity) of the class {@code type}. */
    private static TypeInstrumentation of(String type, String method, String hookId) {
        return TypeInstrumentation.of(named(type), hooks -> hooks.hook(concrete(method), hookId));
    }

    static ElementMatcher.Junction<MethodDescription> concrete(String name) {
        return named(name).and(not(isAbstract())).and(not(isStatic())).and(not(isBridge())).and(not(isSynthetic()));
    }
}
