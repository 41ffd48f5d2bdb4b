package dev.autolog.integration.dl4j;

import dev.autolog.agent.tooling.Reflect;
import java.io.ByteArrayOutputStream;

/** A network in DL4J's own format, the zip {@code ModelSerializer.writeModel} writes (with the updater state). */
final class ModelZip {
    static final String ARTIFACT = "model/model.zip";
    private static final String SERIALIZER = "org.deeplearning4j.util.ModelSerializer";

    private ModelZip() {
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
