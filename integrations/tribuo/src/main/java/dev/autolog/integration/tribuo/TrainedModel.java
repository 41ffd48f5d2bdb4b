package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.JavaSerialization;
import dev.autolog.agent.tooling.Reflect;
import dev.autolog.logging.Diagnostics;
import dev.autolog.model.InputExample;
import dev.autolog.model.ModelFile;
import dev.autolog.model.ModelSpec;
import dev.autolog.run.Training;
import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The artifacts of a trained model, produced on the writer thread (a Tribuo model does not change after
 * {@code train}): its provenance as JSON, and the model in Tribuo's own format — protobuf
 * ({@code Model.serializeToStream}, 4.3+) or Java serialization, the only format 4.2 has and the one 4.3 still
 * reads. On JDK 24+ protobuf would print four {@code sun.misc.Unsafe} warnings on the application's stderr (the
 * first use of any generated protobuf class initialises {@code com.google.protobuf.UnsafeUtil}, which calls
 * {@code Unsafe.arrayBaseOffset}), so there the model is saved with Java serialization unless the JVM allows that
 * memory access ({@code --sun-misc-unsafe-memory-access=allow}).
 */
final class TrainedModel {
    static final String PROVENANCE = "model_provenance.json";
    static final String PROTOBUF = "model.tribuo";
    private static final String PROTOBUF_LOADER = "org.tribuo.Model#deserializeFromFile";
    static final String ONNX = "model.onnx";
    /** The Python onnx release the flavor names (informational in MLflow). */
    private static final String ONNX_VERSION = "1.17.0";

    private TrainedModel() {
    }

    /** {@code dataset}: the training data, whose first examples are copied here when input examples are logged. */
    static void log(Training training, Object model, Object dataset) throws Exception {
        training.deferredArtifact(PROVENANCE, () -> {
            try {
                return Provenances.json(Provenances.asMap(model)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the provenance of " + model.getClass().getName(), e);
            }
        });
        if (!training.logModels()) {
            return;
        }
        List<Map<String, Double>> rows = training.logsInputExamples() ? firstExamples(dataset) : null;
        String version = TribuoVersions.version(model.getClass().getClassLoader());
        ModelSpec.Builder spec;
        OnnxExport onnx = null;
        if (hasProtobufFormat(model) && !protobufWarns()) {
            spec = ModelSpec.javaFlavor("tribuo", version, ModelFile.deferred(PROTOBUF, () -> protobuf(model)),
                    model.getClass().getName(), PROTOBUF_LOADER);
            if (Reflect.hasMethod(model, "exportONNXModel", 2)) {
                onnx = new OnnxExport(model);
                spec.file(ModelFile.export(ONNX, "onnx", onnx::bytes))
                        .flavor("onnx", "code", null, "data", ONNX, "onnx_session_options", null,
                                "onnx_version", ONNX_VERSION, "providers", List.of("CPUExecutionProvider"))
                        .pythonFunction("mlflow.onnx", ONNX, "onnx==" + ONNX_VERSION, "onnxruntime==1.17.3");
            }
        } else if (model instanceof Serializable) {
            spec = ModelSpec.javaFlavor("tribuo", version, ModelFile.deferred(JavaSerialization.FILE,
                    JavaSerialization.deferred(model)), model.getClass().getName(), JavaSerialization.LOADER);
        } else {
            return;
        }
        training.model(withSignatureAndExample(spec, model, onnx, rows).build());
    }

    /**
     * The tensors of the ONNX graph when the model was exported (what {@code mlflow.onnx} scores), else the
     * model's feature and output columns; the example rows in the same form. Suppliers run on the writer thread,
     * after the files (so after the export).
     */
    private static ModelSpec.Builder withSignatureAndExample(ModelSpec.Builder spec, Object model, OnnxExport onnx,
                                                             List<Map<String, Double>> rows) {
        spec.signature(() -> {
            try {
                return onnx != null && onnx.exported() ? onnx.signature() : FeatureColumns.signature(model);
            } catch (Exception e) {
                throw new IllegalStateException("signature of " + model.getClass().getName() + ": " + e, e);
            }
        });
        if (rows != null) {
            spec.inputExample(() -> {
                try {
                    List<String> features = FeatureColumns.featureNames(model);
                    List<List<Object>> dense = FeatureColumns.dense(features, rows);
                    return onnx != null && onnx.exported() ? InputExample.tensor(dense)
                            : InputExample.dataframe(features, dense);
                } catch (Exception e) {
                    throw new IllegalStateException("input example of " + model.getClass().getName() + ": " + e, e);
                }
            });
        }
        return spec;
    }

    private static List<Map<String, Double>> firstExamples(Object dataset) {
        try {
            return FeatureColumns.firstExamples(dataset);
        } catch (Exception e) {
            Diagnostics.debug("Tribuo input example not logged: " + e);
            return null;
        }
    }

    /** Whether protobuf's first use prints {@code sun.misc.Unsafe} warnings in this JVM (JDK 24+, not allowed). */
    private static boolean protobufWarns() {
        return Runtime.version().feature() >= 24
                && !"allow".equals(System.getProperty("sun.misc.unsafe.memory.access"));
    }

    private static boolean hasProtobufFormat(Object model) {
        return Reflect.hasMethod(model, "serializeToStream", 1);
    }

    private static byte[] protobuf(Object model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Reflect.call(model, "serializeToStream", out);
        } catch (Exception e) {
            throw new IllegalStateException("Model.serializeToStream failed for " + model.getClass().getName(), e);
        }
        return out.toByteArray();
    }

}
