package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.model.InputExample;
import dev.autolog.model.Signature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model's inputs and outputs as columns: its features in feature-id order (the order Tribuo's model and
 * its ONNX export number them), all double; one double output per id of its output domain, named after the class
 * label or regression dimension. Also the first training examples, densified over those features.
 */
final class FeatureColumns {
    private FeatureColumns() {
    }

    static List<String> featureNames(Object model) throws Exception {
        Object features = Reflect.call(model, "getFeatureIDMap");
        int size = ((Number) Reflect.call(features, "size")).intValue();
        List<String> names = new ArrayList<>(size);
        for (int id = 0; id < size; id++) {
            names.add((String) Reflect.call(Reflect.call(features, "get", id), "getName"));
        }
        return names;
    }

    static Signature signature(Object model) throws Exception {
        List<String> inputs = featureNames(model);
        List<String> outputs = outputNames(model);
        return new Signature(Signature.columns(inputs, Collections.nCopies(inputs.size(), "double")),
                Signature.columns(outputs, Collections.nCopies(outputs.size(), "double")));
    }

    /** Each output id's name ({@link OutputNames}). */
    private static List<String> outputNames(Object model) throws Exception {
        Object info = Reflect.call(model, "getOutputIDInfo");
        int size = ((Number) Reflect.call(info, "size")).intValue();
        List<String> names = new ArrayList<>(size);
        for (int id = 0; id < size; id++) {
            names.add(OutputNames.of(Reflect.call(info, "getOutput", id)));
        }
        return names;
    }

    /**
     * The features of the first examples (at most {@link InputExample#MAX_ROWS}; a sequence's tokens) by name: a bounded copy taken on
     * the training thread, as the user may change the dataset afterwards.
     */
    static List<Map<String, Double>> firstExamples(Object dataset) throws Exception {
        List<Map<String, Double>> rows = new ArrayList<>(InputExample.MAX_ROWS);
        for (Object example : FirstExamples.of((Iterable<?>) dataset, InputExample.MAX_ROWS)) {
            Map<String, Double> row = new HashMap<>();
            for (Object feature : (Iterable<?>) example) {
                row.put((String) Reflect.call(feature, "getName"), (Double) Reflect.call(feature, "getValue"));
            }
            rows.add(row);
        }
        return rows;
    }

    /** The rows over the model's features in order, an absent (sparse) feature 0 as Tribuo reads it. */
    static List<List<Object>> dense(List<String> features, List<Map<String, Double>> rows) {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (Map<String, Double> row : rows) {
            List<Object> values = new ArrayList<>(features.size());
            for (String name : features) {
                values.add(row.getOrDefault(name, 0.0));
            }
            out.add(values);
        }
        return out;
    }
}
