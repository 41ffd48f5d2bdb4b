package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.JavaSerialization;
import dev.autolog.agent.tooling.Reflect;
import dev.autolog.run.Training;
import java.io.ByteArrayOutputStream;
import java.io.Serializable;

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
    static final String PROTOBUF = "model/model.tribuo";
    static final String SERIALIZED = JavaSerialization.ARTIFACT;

    private TrainedModel() {
    }

    static void log(Training training, Object model) {
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
        if (hasProtobufFormat(model) && !protobufWarns()) {
            training.deferredArtifact(PROTOBUF, () -> protobuf(model));
        } else if (model instanceof Serializable) {
            training.deferredArtifact(SERIALIZED, () -> JavaSerialization.bytes(model));
        }
    }

    /** Whether protobuf's first use prints {@code sun.misc.Unsafe} warnings in this JVM (JDK 24+, not allowed). */
    private static boolean protobufWarns() {
        return Runtime.version().feature() >= 24
                && !"allow".equals(System.getProperty("sun.misc.unsafe.memory.access"));
    }

    private static boolean hasProtobufFormat(Object model) {
        for (java.lang.reflect.Method m : model.getClass().getMethods()) {
            if (m.getName().equals("serializeToStream") && m.getParameterCount() == 1) {
                return true;
            }
        }
        return false;
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
