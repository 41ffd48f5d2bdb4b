package dev.autolog.integration.dl4j;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.model.ModelFile;
import dev.autolog.model.ModelSpec;
import dev.autolog.model.Signature;
import dev.autolog.logging.Diagnostics;
import java.util.List;
import java.io.ByteArrayOutputStream;
import java.util.function.Supplier;

/** A network in DL4J's own format, the zip {@code ModelSerializer.writeModel} writes (with the updater state). */
final class ModelZip {
    static final String FILE = "model.zip";
    private static final String SERIALIZER = "org.deeplearning4j.util.ModelSerializer";

    private ModelZip() {
    }

    /**
     * The network as a {@code dl4j} flavor over {@code model.zip}, whose bytes {@code zip} supplies; a
     * {@code MultiLayerNetwork} gets a tensor signature from its first layer's input and last layer's output size.
     */
    static ModelSpec spec(Object network, Supplier<byte[]> zip) {
        boolean graph = network.getClass().getName().endsWith("ComputationGraph");
        Signature signature = graph ? null : tensorSignature(network);
        return ModelSpec.javaFlavor("dl4j", Dl4jVersions.version(network.getClass().getClassLoader()),
                ModelFile.deferred(FILE, zip), network.getClass().getName(),
                SERIALIZER + (graph ? "#restoreComputationGraph" : "#restoreMultiLayerNetwork"))
                .signature(() -> signature).build();
    }

    /** {@code [-1, nIn]} in, {@code [-1, nOut]} out, in the network's data type; null when a size is unknown. */
    private static Signature tensorSignature(Object network) {
        try {
            int layers = ((Number) Reflect.call(network, "getnLayers")).intValue();
            long in = ((Number) Reflect.call(network, "layerInputSize", 0)).longValue();
            long out = ((Number) Reflect.call(network, "layerSize", layers - 1)).longValue();
            String dtype = String.valueOf(Reflect.call(Reflect.call(network, "getLayerWiseConfigurations"),
                    "getDataType")).equals("DOUBLE") ? "float64" : "float32";
            return new Signature(List.of(Signature.tensor(dtype, -1, in)), List.of(Signature.tensor(dtype, -1, out)));
        } catch (Exception | LinkageError e) {
            Diagnostics.debug("DL4J model signature not logged: " + e);
            return null;
        }
    }

    static byte[] of(Object network) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Reflect.callStatic(network.getClass().getClassLoader(), SERIALIZER, "writeModel", network, out, true);
        } catch (Exception e) {
            throw new IllegalStateException("ModelSerializer.writeModel failed for " + network.getClass().getName(), e);
        }
        return out.toByteArray();
    }
}
