package dev.autolog.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What an integration knows about a trained model, handed to {@code Training.model}: the files in the
 * framework's own format, the flavor blocks that describe them, the Python loader when one exists, and where the
 * signature and input example come from. The writer thread turns it into an MLflow Model directory; suppliers run
 * there, never on the training thread.
 *
 * @param framework            e.g. {@code xgboost}; also the version tag of registered models
 * @param flavors              flavor name to flavor block, in MLmodel (keys are sorted when written)
 * @param pythonFunction       the {@code python_function} block without {@code env} and {@code python_version},
 *                             or null when no Python loader reads the files
 * @param pipRequirements      {@code name==version} lines after {@code mlflow==...}; used only with a Python loader
 * @param signature            computed on the writer thread; may return null
 * @param inputExample         computed on the writer thread; may return null
 */
public record ModelSpec(String framework, List<ModelFile> files, Map<String, Map<String, Object>> flavors,
                        Map<String, Object> pythonFunction, List<String> pipRequirements,
                        Supplier<Signature> signature, Supplier<InputExample> inputExample) {

    public static Builder of(String framework) {
        return new Builder(framework);
    }

    /**
     * A model only the JVM loads: one file and a flavor block named after the framework, naming the file, the
     * framework version, the model's class and the Java call that loads it (MLflow keeps unknown flavors as
     * metadata, research §2.4).
     */
    public static Builder javaFlavor(String framework, String version, ModelFile file, String modelClass,
                                     String loader) {
        return of(framework).file(file).flavor(framework, "data", file.name(), framework + "_version", version,
                "model_class", modelClass, "loader", loader);
    }

    /** Assembles a spec on the training thread: only references, no serialisation. */
    public static final class Builder {
        private final String framework;
        private final List<ModelFile> files = new ArrayList<>();
        private final Map<String, Map<String, Object>> flavors = new LinkedHashMap<>();
        private Map<String, Object> pythonFunction;
        private final List<String> pipRequirements = new ArrayList<>();
        private Supplier<Signature> signature = () -> null;
        private Supplier<InputExample> inputExample = () -> null;

        private Builder(String framework) {
            this.framework = framework;
        }

        public Builder file(ModelFile file) {
            files.add(file);
            return this;
        }

        /** A flavor block: alternating keys and values, e.g. {@code "data", "model.ubj", "code", null}. */
        public Builder flavor(String name, Object... keysAndValues) {
            flavors.put(name, pairs(keysAndValues));
            return this;
        }

        /** The {@code python_function} flavor: MLflow's loader module for the data file (or directory). */
        public Builder pythonFunction(String loaderModule, String data, String... requirements) {
            pythonFunction = pairs("loader_module", loaderModule, "data", data);
            pipRequirements.addAll(List.of(requirements));
            return this;
        }

        public Builder signature(Supplier<Signature> source) {
            signature = source;
            return this;
        }

        public Builder inputExample(Supplier<InputExample> source) {
            inputExample = source;
            return this;
        }

        public ModelSpec build() {
            return new ModelSpec(framework, List.copyOf(files), flavors, pythonFunction, List.copyOf(pipRequirements),
                    signature, inputExample);
        }

        private static Map<String, Object> pairs(Object... keysAndValues) {
            Map<String, Object> block = new LinkedHashMap<>();
            for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
                block.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
            return block;
        }
    }
}
