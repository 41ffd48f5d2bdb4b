package dev.autolog.integration.dl4j;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.model.InputExample;
import dev.autolog.model.ModelFile;
import dev.autolog.model.ModelSpec;
import dev.autolog.model.Signature;
import dev.autolog.logging.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A network in DL4J's own format, the zip {@code ModelSerializer.writeModel} writes (with the updater state). */
final class ModelZip {
    static final String FILE = "model.zip";
    private static final String SERIALIZER = "org.deeplearning4j.util.ModelSerializer";

    private ModelZip() {
    }

    /**
     * The network as a {@code dl4j} flavor over {@code model.zip}, whose bytes {@code zip} supplies, with a tensor
     * signature: a {@code MultiLayerNetwork}'s first layer's input and last layer's output size, a
     * {@code ComputationGraph}'s named inputs and outputs; {@code example} the first rows it trained on, or null.
     */
    static ModelSpec spec(Object network, Supplier<byte[]> zip, List<List<Double>> example) {
        boolean graph = network.getClass().getName().endsWith("ComputationGraph");
        Signature signature = signature(network, graph);
        return ModelSpec.javaFlavor("dl4j", Dl4jVersions.version(network.getClass().getClassLoader()),
                ModelFile.deferred(FILE, zip), network.getClass().getName(),
                SERIALIZER + (graph ? "#restoreComputationGraph" : "#restoreMultiLayerNetwork"))
                .signature(() -> signature).inputExample(() -> example == null ? null : InputExample.tensor(example))
                .build();
    }

    /** Read from the configuration, which training does not change; null (one debug line) when a size is unknown. */
    private static Signature signature(Object network, boolean graph) {
        try {
            return graph ? graphSignature(network) : tensorSignature(network);
        } catch (Exception | LinkageError e) {
            Diagnostics.debug("DL4J model signature not logged: " + e);
            return null;
        }
    }

    /** {@code [-1, nIn]} in, {@code [-1, nOut]} out, in the network's data type. */
    private static Signature tensorSignature(Object network) throws Exception {
        int layers = ((Number) Reflect.call(network, "getnLayers")).intValue();
        long in = ((Number) Reflect.call(network, "layerInputSize", 0)).longValue();
        long out = ((Number) Reflect.call(network, "layerSize", layers - 1)).longValue();
        String dtype = dtype(Reflect.call(network, "getLayerWiseConfigurations"));
        return new Signature(List.of(Signature.tensor(dtype, -1, in)), List.of(Signature.tensor(dtype, -1, out)));
    }

    /**
     * One named tensor per graph input, {@code [-1, nIn]} of the layer that reads it, and per graph output,
     * {@code [-1, nOut]} of the output layer.
     */
    @SuppressWarnings("unchecked")
    private static Signature graphSignature(Object graph) throws Exception {
        Object conf = Reflect.call(graph, "getConfiguration");
        String dtype = dtype(conf);
        Map<String, Object> vertices = (Map<String, Object>) Reflect.call(conf, "getVertices");
        Map<String, List<String>> vertexInputs = (Map<String, List<String>>) Reflect.call(conf, "getVertexInputs");
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (String input : (List<String>) Reflect.call(conf, "getNetworkInputs")) {
            Object width = null;
            for (Map.Entry<String, List<String>> e : vertexInputs.entrySet()) {
                Object layer = layer(vertices.get(e.getKey()));
                if (width == null && layer != null && e.getValue().contains(input)) {
                    width = Beans.get(layer, "getNIn");
                }
            }
            inputs.add(Signature.namedTensor(input, dtype, -1, size(width, input)));
        }
        List<Map<String, Object>> outputs = new ArrayList<>();
        for (String output : (List<String>) Reflect.call(conf, "getNetworkOutputs")) {
            outputs.add(Signature.namedTensor(output, dtype, -1,
                    size(Beans.get(layer(vertices.get(output)), "getNOut"), output)));
        }
        return new Signature(inputs, outputs);
    }

    /** The layer configuration of a graph's layer vertex; null for other vertices (merge, subset, ...). */
    private static Object layer(Object vertex) {
        return Beans.get(Beans.get(vertex, "getLayerConf"), "getLayer");
    }

    private static long size(Object width, String tensor) {
        if (!(width instanceof Number n) || n.longValue() <= 0) {
            throw new IllegalStateException("the width of graph tensor " + tensor + " is unknown");
        }
        return n.longValue();
    }

    private static String dtype(Object configuration) throws Exception {
        String type = String.valueOf(Reflect.call(configuration, "getDataType"));
        return type.equals("DOUBLE") ? "float64" : type.equals("HALF") ? "float16" : "float32";
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
