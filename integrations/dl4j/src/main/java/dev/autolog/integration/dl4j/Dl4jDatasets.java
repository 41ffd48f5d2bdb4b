package dev.autolog.integration.dl4j;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.dataset.DatasetDescription;
import dev.autolog.dataset.DatasetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a network was fitted or evaluated on, as a dataset input: a {@code DataSetIterator} by its class, batch size
 * and number of examples when it knows it (many throw for {@code totalExamples}; {@code inputColumns} is not asked,
 * as a record-reader iterator reads a batch to answer it); a {@code MultiDataSetIterator} (how a graph evaluates) by
 * its class; a {@code DataSet} by its feature and label shapes. The iterator is never advanced, so no rows are
 * sampled: the digest hashes these values and the data's class.
 */
final class Dl4jDatasets {

    private Dl4jDatasets() {
    }

    /** A spec for the first argument of {@code fit} or {@code doEvaluation}, or null when it is neither. */
    static DatasetSpec of(String name, String context, Object data) {
        if (data == null) {
            return null;
        }
        Map<String, Object> profile = new LinkedHashMap<>();
        String kind = data.getClass().getName();
        if (implementsNamed(data.getClass(), "org.nd4j.linalg.dataset.api.iterator.DataSetIterator")) {
            known(profile, "batch_size", data, "batch");
            known(profile, "num_examples", data, "totalExamples");
        } else if (implementsNamed(data.getClass(), "org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator")) {
            known(profile, "batch_size", data, "batch");
        } else if (kind.equals("org.nd4j.linalg.dataset.DataSet")) {
            known(profile, "num_examples", data, "numExamples");
            profile.put("features_shape", shape(data, "getFeatures"));
            profile.put("labels_shape", shape(data, "getLabels"));
        } else {
            return null;
        }
        return DatasetSpec.of(name, context, () -> {
            DatasetDescription d = DatasetDescription.of(DatasetDescription.IN_MEMORY, Map.of("class", kind));
            profile.forEach(d::profile);
            return d.digestOf(kind);
        });
    }

    private static void known(Map<String, Object> profile, String key, Object target, String method) {
        try {
            Object v = Reflect.call(target, method);
            if (v instanceof Number n && n.longValue() > 0) {
                profile.put(key, n.longValue());
            }
        } catch (Exception | LinkageError e) {
            // not known to this iterator (UnsupportedOperationException, ...): left out
        }
    }

    private static List<Long> shape(Object dataSet, String getter) {
        List<Long> out = new ArrayList<>();
        try {
            Object array = Reflect.call(dataSet, getter);
            if (array != null) {
                for (long d : (long[]) Reflect.call(array, "shape")) {
                    out.add(d);
                }
            }
        } catch (Exception | LinkageError e) {
            // no such array
        }
        return out;
    }

    private static boolean implementsNamed(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(name) || implementsNamed(i, name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
