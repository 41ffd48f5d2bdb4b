package dev.autolog.integration.djl;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.run.Training;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The params of a trainer's run, logged when it opens: from the trainer (loss, evaluators, devices), its
 * {@code TrainingConfig} when {@code newTrainer} made it (optimizer and learning-rate tracker, initializers), and the
 * model (name, engine, data type, block: class, layers, parameter count), plus the block's summary as an artifact.
 */
final class TrainerParams {
    static final String SUMMARY = "model_summary.txt";

    private TrainerParams() {
    }

    static void log(Training training, Object trainer, Object config) throws Exception {
        Object loss = Reflect.call(trainer, "getLoss");
        training.param("loss", loss.getClass().getSimpleName());
        List<String> evaluators = new ArrayList<>();
        for (Object evaluator : (List<?>) Reflect.call(trainer, "getEvaluators")) {
            if (evaluator != loss) {
                evaluators.add(String.valueOf(Reflect.call(evaluator, "getName")));
            }
        }
        training.param("evaluators", String.join(", ", evaluators));
        training.param("devices", Reflect.call(trainer, "getDevices"));
        if (config != null) {
            logConfig(training, config);
        }
        logModel(training, Reflect.call(trainer, "getModel"));
    }

    private static void logConfig(Training training, Object config) throws Exception {
        Object optimizer = Reflect.call(config, "getOptimizer");
        if (optimizer != null) {
            training.param("optimizer", optimizer.getClass().getSimpleName());
            Described.fields(optimizer).forEach((k, v) -> training.param("optimizer." + k, v));
            Object tracker = Described.field(optimizer, "learningRateTracker");
            if (tracker != null) {
                training.param("learning_rate_tracker", Described.text(tracker));
                training.param("learning_rate", initialRate(tracker));
            }
        }
        Object initializers = Reflect.call(config, "getInitializers");
        List<String> described = new ArrayList<>();
        for (Object initializer : (List<?>) Reflect.call(initializers, "keys")) {
            described.add(Described.text(initializer));
        }
        training.param("initializer", described.isEmpty() ? null : String.join(", ", described));
    }

    /** The rate the tracker gives the first update ({@code Tracker.getNewValue(0)}), or null for a per-variable one. */
    private static Object initialRate(Object tracker) {
        try {
            return Reflect.call(tracker, "getNewValue", 0);
        } catch (Exception e) {
            return null;
        }
    }

    private static void logModel(Training training, Object model) throws Exception {
        training.param("model_name", Reflect.call(model, "getName"));
        training.param("data_type", Reflect.call(model, "getDataType"));
        Object engine = Reflect.call(Reflect.call(model, "getNDManager"), "getEngine");
        training.param("engine", Reflect.call(engine, "getEngineName"));
        training.param("engine_version", Reflect.call(engine, "getVersion"));
        Object block = Reflect.call(model, "getBlock");
        if (block == null) {
            return;
        }
        training.param("block", block.getClass().getSimpleName());
        Object children = Reflect.call(block, "getChildren");
        int layers = (Integer) Reflect.call(children, "size");
        training.param("num_layers", layers);
        for (int i = 0; i < layers; i++) {
            training.param("layer_" + i + ".name", Reflect.call(children, "keyAt", i));
            training.param("layer_" + i + ".type", Reflect.call(children, "valueAt", i).getClass().getSimpleName());
        }
        training.param("num_params", parameterCount(block));
        training.artifact(SUMMARY, String.valueOf(block).getBytes(StandardCharsets.UTF_8));
    }

    /** The number of values in the block's initialized parameters; null before {@code initialize}. */
    private static Object parameterCount(Object block) throws Exception {
        long count = 0;
        for (Object parameter : (List<?>) Reflect.call(Reflect.call(block, "getParameters"), "values")) {
            if (!(Boolean) Reflect.call(parameter, "isInitialized")) {
                return null;
            }
            count += (Long) Reflect.call(Reflect.call(parameter, "getArray"), "size");
        }
        return count;
    }
}
