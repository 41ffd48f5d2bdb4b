package dev.autolog.integration.xgboost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Against hand-written UBJSON in the shape XGBoost writes (typed counted arrays, length-prefixed keys). */
class FeatureImportanceTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    private void key(String k) throws IOException {
        out.writeByte('L');
        out.writeLong(k.length());
        out.write(k.getBytes(StandardCharsets.UTF_8));
    }

    private void ints(int... values) throws IOException {
        out.write(new byte[] {'[', '$', 'l', '#', 'L'});
        out.writeLong(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private void tree(int[] splits, int[] left) throws IOException {
        out.writeByte('{');
        key("split_indices");
        ints(splits);
        key("left_children");
        ints(left);
        key("base_weights");
        out.write(new byte[] {'[', '$', 'd', '#', 'i', 1});
        out.writeFloat(0.5f);
        out.writeByte('}');
    }

    private byte[] model(boolean named) throws IOException {
        out.writeByte('{');
        key("learner");
        out.writeByte('{');
        key("feature_names");
        out.writeByte('[');
        if (named) {
            for (String n : List.of("age", "income", "score")) {
                out.writeByte('S');
                out.writeByte('i');
                out.writeByte(n.length());
                out.write(n.getBytes(StandardCharsets.UTF_8));
            }
        }
        out.writeByte(']');
        key("gradient_booster");
        out.writeByte('{');
        key("model");
        out.writeByte('{');
        key("trees");
        out.writeByte('[');
        tree(new int[] {0, 0, 0}, new int[] {1, -1, -1});      // one split on feature 0
        tree(new int[] {2, 0, 2, 0, 0}, new int[] {1, 3, -1, -1, -1}); // splits on 2 and 0; leaves don't count
        out.writeByte(']');
        out.write(new byte[] {'}', '}', '}', '}'});
        return bytes.toByteArray();
    }

    @Test
    void countsSplitsPerFeatureIgnoringLeavesWithXGBoostDefaultNames() throws IOException {
        assertEquals("{\"f0\": 2, \"f2\": 1}", new String(FeatureImportance.weightJson(model(false)), StandardCharsets.UTF_8));
    }

    @Test
    void usesTheModelsFeatureNamesWhenItHasThem() throws IOException {
        assertEquals("{\"age\": 2, \"score\": 1}", new String(FeatureImportance.weightJson(model(true)), StandardCharsets.UTF_8));
    }

    @Test
    void typedArraysBecomePrimitiveArraysAndScalarsKeepTheirTypes() throws IOException {
        Map<?, ?> learner = (Map<?, ?>) ((Map<?, ?>) UbjReader.read(model(true))).get("learner");
        Map<?, ?> firstTree = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) learner.get("gradient_booster"))
                .get("model")).get("trees")).get(0);
        assertArrayEquals(new int[] {0, 0, 0}, (int[]) firstTree.get("split_indices"));
        assertArrayEquals(new float[] {0.5f}, (float[]) firstTree.get("base_weights"));
        assertEquals(List.of("age", "income", "score"), learner.get("feature_names"));
    }
}
