package dev.autolog.integration.djl;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.dataset.DatasetDescription;
import dev.autolog.dataset.DatasetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code Dataset}s of an {@code EasyTrain.fit} as dataset inputs: the training set ({@code train} ·
 * {@code training}) and the validation set ({@code validation} · {@code validation}), each by its class and, for a
 * {@code RandomAccessDataset}, its size and its sampler's batch size; an {@code ArrayDataset} also by the shape and
 * data type of its first data array (the input). Read on the training thread before the fit, without reading a
 * record (a dataset may stream from a file or the network): the digest hashes these values and the class.
 */
final class DjlDatasets {
    private static final String RANDOM_ACCESS = "ai.djl.training.dataset.RandomAccessDataset";

    private DjlDatasets() {
    }

    static List<DatasetSpec> of(Object train, Object validate) {
        List<DatasetSpec> specs = new ArrayList<>();
        if (train != null) {
            specs.add(DatasetSpec.of("train", "training", Copy.read(train)::describe));
        }
        if (validate != null) {
            specs.add(DatasetSpec.of("validation", "validation", Copy.read(validate)::describe));
        }
        return specs;
    }

    /** What the training thread copies of one dataset; a value it cannot know is null. */
    record Copy(String className, Long size, Integer batchSize, long[] shape, String dtype) {

        static Copy read(Object dataset) {
            Long size = null;
            Integer batchSize = null;
            if (isRandomAccess(dataset.getClass())) {
                size = known(dataset, "size") instanceof Number n ? n.longValue() : null;
                Object sampler = Described.field(dataset, "sampler");
                batchSize = sampler != null && known(sampler, "getBatchSize") instanceof Number n ? n.intValue() : null;
            }
            long[] shape = null;
            String dtype = null;
            if (Described.field(dataset, "data") instanceof Object[] arrays && arrays.length > 0 && arrays[0] != null) {
                Object s = known(arrays[0], "getShape");
                shape = s == null ? null : (long[]) known(s, "getShape");
                dtype = String.valueOf(known(arrays[0], "getDataType")).replace("boolean", "bool");
            }
            return new Copy(dataset.getClass().getName(), size, batchSize, shape, dtype);
        }

        DatasetDescription describe() {
            DatasetDescription d = DatasetDescription.of(DatasetDescription.IN_MEMORY, Map.of("class", className));
            if (shape != null && shape.length > 0 && DjlSignature.NUMPY.contains(dtype)) {
                long[] batchless = shape.clone();
                batchless[0] = -1;
                d.tensor(dtype, batchless);
            }
            if (size != null) {
                d.profile("num_examples", size);
            }
            if (batchSize != null) {
                d.profile("batch_size", batchSize);
            }
            if (shape != null) {
                d.profile("features_shape", java.util.Arrays.stream(shape).boxed().toList());
            }
            return d.digestOf(className);
        }

        private static Object known(Object target, String method) {
            try {
                return Reflect.call(target, method);
            } catch (Exception | LinkageError e) {
                return null; // not prepared, not supported by this dataset: left out
            }
        }

        private static boolean isRandomAccess(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().equals(RANDOM_ACCESS)) {
                    return true;
                }
            }
            return false;
        }
    }
}
