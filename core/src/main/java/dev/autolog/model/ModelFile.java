package dev.autolog.model;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * One file (or directory) of a model, named relative to the model directory: bytes handed over at the end of a
 * training, bytes computed later on the writer thread, or a file or directory to copy.
 */
public record ModelFile(String name, Supplier<byte[]> bytes, Path source) {

    public static ModelFile bytes(String name, byte[] content) {
        return new ModelFile(name, () -> content, null);
    }

    /** Bytes derived on the writer thread, so the training thread does not pay for them. */
    public static ModelFile deferred(String name, Supplier<byte[]> content) {
        return new ModelFile(name, content, null);
    }

    public static ModelFile copy(String name, Path source) {
        return new ModelFile(name, null, source);
    }
}
