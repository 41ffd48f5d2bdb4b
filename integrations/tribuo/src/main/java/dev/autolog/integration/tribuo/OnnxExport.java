package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.model.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model's ONNX export ({@code ONNXExportable.exportONNXModel}), made at most once on the writer thread: the bytes
 * of {@code model.onnx} and the tensors its graph declares, the signature {@code mlflow.onnx} scores against.
 */
final class OnnxExport {
    /** ONNX's {@code TensorProto.DataType} numbers as numpy dtype names. */
    private static final Map<Integer, String> DTYPES = Map.of(1, "float32", 2, "uint8", 3, "int8", 5, "int16",
            6, "int32", 7, "int64", 8, "str", 9, "bool", 10, "float16", 11, "float64");

    private final Object model;
    private Object graph;

    OnnxExport(Object model) {
        this.model = model;
    }

    /** Models that cannot be exported throw; the model then keeps only its tribuo flavor. */
    synchronized byte[] bytes() {
        try {
            Object proto = Reflect.call(model, "exportONNXModel", "dev.autolog", 1L);
            byte[] bytes = (byte[]) Reflect.call(proto, "toByteArray");
            graph = Reflect.call(proto, "getGraph");
            return bytes;
        } catch (Exception e) {
            throw new IllegalStateException("ONNX export of " + model.getClass().getName() + " failed: " + e, e);
        }
    }

    synchronized boolean exported() {
        return graph != null;
    }

    /** The graph's inputs and outputs as named tensors; a symbolic dimension (the batch) is -1. */
    synchronized Signature signature() throws Exception {
        return new Signature(tensors("getInputList"), tensors("getOutputList"));
    }

    private List<Map<String, Object>> tensors(String list) throws Exception {
        List<Map<String, Object>> specs = new ArrayList<>();
        for (Object valueInfo : (List<?>) Reflect.call(graph, list)) {
            Object tensor = Reflect.call(Reflect.call(valueInfo, "getType"), "getTensorType");
            int elemType = ((Number) Reflect.call(tensor, "getElemType")).intValue();
            String dtype = DTYPES.get(elemType);
            if (dtype == null) {
                throw new IllegalArgumentException("ONNX element type " + elemType + " has no numpy dtype");
            }
            List<?> dims = (List<?>) Reflect.call(Reflect.call(tensor, "getShape"), "getDimList");
            long[] shape = new long[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                Object dim = dims.get(i);
                shape[i] = (Boolean) Reflect.call(dim, "hasDimValue")
                        ? ((Number) Reflect.call(dim, "getDimValue")).longValue() : -1;
            }
            specs.add(Signature.namedTensor((String) Reflect.call(valueInfo, "getName"), dtype, shape));
        }
        return specs;
    }
}
