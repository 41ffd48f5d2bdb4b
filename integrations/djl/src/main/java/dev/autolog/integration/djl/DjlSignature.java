package dev.autolog.integration.djl;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.logging.Diagnostics;
import dev.autolog.model.Signature;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DJL model's tensor signature: each input its block describes ({@code describeInput()}: name and the shape the
 * block was initialized with) and each output {@code getOutputShapes} derives from those, the first (batch)
 * dimension as -1, in the model's data type. Shape inference reads only the block's structure, no parameters.
 */
final class DjlSignature {
    /** DJL data types whose lower-case names are numpy's, which MLflow's tensor specs take; bool is renamed. */
    static final Set<String> NUMPY = Set.of("float16", "float32", "float64", "int8", "uint8", "int32",
            "int64", "bool");

    private DjlSignature() {
    }

    /** Null (one debug line) for a block not initialized or a data type numpy does not name. */
    static Signature of(Object model) {
        try {
            Object block = Reflect.call(model, "getBlock");
            if (!(Boolean) Reflect.call(block, "isInitialized")) {
                Diagnostics.debug("DJL model signature not logged: the block is not initialized");
                return null;
            }
            String dtype = String.valueOf(Reflect.call(model, "getDataType")).replace("boolean", "bool");
            if (!NUMPY.contains(dtype)) {
                Diagnostics.debug("DJL model signature not logged: data type " + dtype + " has no numpy name");
                return null;
            }
            Object described = Reflect.call(block, "describeInput");
            List<?> names = (List<?>) Reflect.call(described, "keys");
            List<?> shapes = (List<?>) Reflect.call(described, "values");
            if (shapes.isEmpty()) {
                return null;
            }
            boolean named = names.stream().allMatch(n -> n != null && !n.toString().isBlank());
            List<Map<String, Object>> inputs = new ArrayList<>();
            Object shapeArray = Array.newInstance(shapes.get(0).getClass(), shapes.size());
            for (int i = 0; i < shapes.size(); i++) {
                Array.set(shapeArray, i, shapes.get(i));
                inputs.add(Signature.namedTensor(named ? names.get(i).toString() : null, dtype,
                        batchless(shapes.get(i))));
            }
            Class<?> blockType = Class.forName("ai.djl.nn.Block", false, block.getClass().getClassLoader());
            Object[] outShapes = (Object[]) blockType.getMethod("getOutputShapes", shapeArray.getClass())
                    .invoke(block, shapeArray);
            List<Map<String, Object>> outputs = new ArrayList<>();
            for (Object shape : outShapes) {
                outputs.add(Signature.tensor(dtype, batchless(shape)));
            }
            return new Signature(inputs, outputs);
        } catch (Exception | LinkageError e) {
            Diagnostics.debug("DJL model signature not logged: " + e);
            return null;
        }
    }

    private static long[] batchless(Object shape) throws Exception {
        long[] dims = ((long[]) Reflect.call(shape, "getShape")).clone();
        if (dims.length > 0) {
            dims[0] = -1;
        }
        return dims;
    }
}
