package dev.autolog.integration.dl4j;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.run.Training;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * What a network's configuration says, logged when its run starts: params read from the layers' configurations
 * (network-wide values from the first layer that has them, the loss from the output layer), the configuration JSON
 * and the network's summary table.
 */
final class NetworkConfig {
    static final String CONFIG_JSON = "model_config.json";
    static final String SUMMARY = "model_summary.txt";

    private NetworkConfig() {
    }

    static void log(Training training, Object network) throws Exception {
        training.param("network", network.getClass().getSimpleName());
        training.param("num_params", Beans.get(network, "numParams"));
        Object[] layers = (Object[]) Beans.get(network, "getLayers");
        if (layers != null && layers.length > 0) {
            logLayers(training, layers);
        }
        Object configuration = Beans.get(network, "getLayerWiseConfigurations");
        if (configuration == null) {
            configuration = Beans.get(network, "getConfiguration");
        }
        training.artifact(CONFIG_JSON, text(Reflect.call(configuration, "toJson")));
        training.artifact(SUMMARY, text(Reflect.call(network, "summary")));
    }

    private static void logLayers(Training training, Object[] layers) throws Exception {
        Object shared = Beans.get(layers[0], "conf");
        training.param("seed", Beans.get(shared, "getSeed"));
        training.param("optimization_algo", Beans.get(shared, "getOptimizationAlgo"));
        training.param("minibatch", Beans.get(shared, "isMiniBatch"));
        training.param("num_layers", layers.length);
        for (int i = 0; i < layers.length; i++) {
            Object layer = Beans.get(Beans.get(layers[i], "conf"), "getLayer");
            String prefix = "layer_" + i + ".";
            training.param(prefix + "type", layer.getClass().getSimpleName());
            training.param(prefix + "name", Beans.get(layer, "getLayerName"));
            training.param(prefix + "nIn", Beans.get(layer, "getNIn"));
            training.param(prefix + "nOut", Beans.get(layer, "getNOut"));
            training.param(prefix + "activation", described(layer, "getActivationFn"));
            firstOnly(training, "updater", updaterName(Beans.get(layer, "getIUpdater")));
            firstOnly(training, "weight_init", described(layer, "getWeightInitFn"));
            firstOnly(training, "activation", described(layer, "getActivationFn"));
            firstOnly(training, "regularization", nonEmpty(Beans.get(layer, "getRegularization")));
            firstOnly(training, "dropout", described(layer, "getIDropout"));
            firstOnly(training, "loss", described(layer, "getLossFn"));
            logLearningRate(training, Beans.get(layer, "getIUpdater"));
        }
    }

    private static void logLearningRate(Training training, Object updater) throws Exception {
        if (updater == null || training.run().paramValue("learning_rate") != null
                || !(Boolean) Reflect.call(updater, "hasLearningRate")) {
            return;
        }
        training.param("learning_rate", Reflect.call(updater, "getLearningRate", 0, 0));
        training.param("learning_rate_schedule", LearningRate.schedule(updater));
    }

    static void firstOnly(Training training, String key, Object value) {
        if (value != null && training.run().paramValue(key) == null) {
            training.param(key, value);
        }
    }

    /**
     * A configuration object as text: its own {@code toString} ({@code relu}, {@code LossMCXENT()}), or its simple
     * class name where it has none ({@code WeightInitXavier}, not {@code ...WeightInitXavier@1}).
     */
    private static String described(Object layer, String getter) {
        Object value = Beans.get(layer, getter);
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return text.equals(value.getClass().getName() + "@" + Integer.toHexString(value.hashCode()))
                ? value.getClass().getSimpleName() : text;
    }

    private static String updaterName(Object updater) {
        return updater == null ? null : updater.getClass().getSimpleName();
    }

    private static Object nonEmpty(Object list) {
        return list instanceof Collection<?> c && c.isEmpty() ? null : list;
    }

    private static byte[] text(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }
}
