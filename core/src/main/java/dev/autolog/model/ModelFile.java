package dev.autolog.model;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * One file (or directory) of a model, named relative to the model directory: bytes handed over at the end of a
 * training, bytes computed later on the writer thread, or a file or directory to copy. {@code flavor} names the
 * flavor an export serves (e.g. {@code onnx}): when the export fails, the model is written without that flavor;
 * null for the model's own files, whose failure fails the model.
 */
public record ModelFile(String name, Supplier<byte[]> bytes, Path source, String flavor) {

    public static ModelFile bytes(String name, byte[] content) {
        return new ModelFile(name, () -> content, null, null);
    }

    /** Bytes derived on the writer thread, so the training thread does not pay for them. */
    public static ModelFile deferred(String name, Supplier<byte[]> content) {
        return new ModelFile(name, content, null, null);
    }

    public static ModelFile copy(String name, Path source) {
        return new ModelFile(name, null, source, null);
    }

    /** An export into another format, computed on the writer thread; only {@code flavor} depends on it. */
    public static ModelFile export(String name, String flavor, Supplier<byte[]> content) {
        return new ModelFile(name, content, null, flavor);
    }
}
