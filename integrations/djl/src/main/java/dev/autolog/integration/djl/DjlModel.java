package dev.autolog.integration.djl;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.logging.Diagnostics;
import dev.autolog.model.ModelFile;
import dev.autolog.model.ModelSpec;
import dev.autolog.model.Signature;
import dev.autolog.run.Training;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A trainer's model in DJL's own format: the {@code <name>-<epoch>.params} file {@code Model.save} writes (read back
 * by {@code Model.load(dir, name)} into a model with the same block), beside {@code block.txt}, the block's
 * description, with the block's tensor signature ({@link DjlSignature}). Saved on the training thread, as the
 * parameters change when training goes on; {@code save} also records the directory as the model's path, which is put
 * back so the user's model does not change.
 */
final class DjlModel {
    static final String BLOCK = "block.txt";
    private static final String LOADER = "ai.djl.Model#load(java.nio.file.Path, java.lang.String)";

    private DjlModel() {
    }

    static void log(Training training, Object trainer) {
        try {
            Object model = Reflect.call(trainer, "getModel");
            if (!(Boolean) Reflect.call(Reflect.call(model, "getNDManager"), "isOpen")) {
                // closed before its trainer (a trainer left open and finalized after its model's try block)
                Diagnostics.debug("DJL model " + Reflect.call(model, "getName") + " was closed: not logged");
                training.modelUnavailable();
                return;
            }
            training.model(spec(model, DjlVersions.version(model.getClass().getClassLoader())));
        } catch (Exception | LinkageError e) {
            Diagnostics.hookError("djl.model", e);
            training.modelUnavailable();
        }
    }

    private static ModelSpec spec(Object model, String version) throws Exception {
        String name = fileName(String.valueOf(Reflect.call(model, "getName")));
        Path dir = Files.createTempDirectory("autolog-djl");
        try {
            saveKeepingPath(model, dir, name);
            Path params;
            try (Stream<Path> files = Files.list(dir)) {
                params = files.filter(p -> p.getFileName().toString().endsWith(".params")).findFirst()
                        .orElseThrow(() -> new IOException("Model.save wrote no .params file"));
            }
            String file = params.getFileName().toString();
            String engine = String.valueOf(Reflect.call(Reflect.call(Reflect.call(model, "getNDManager"),
                    "getEngine"), "getEngineName"));
            byte[] block = String.valueOf(Reflect.call(model, "getBlock")).getBytes(StandardCharsets.UTF_8);
            Signature signature = DjlSignature.of(model);
            return ModelSpec.of(DjlIntegration.FRAMEWORK)
                    .file(ModelFile.bytes(file, Files.readAllBytes(params)))
                    .file(ModelFile.bytes(BLOCK, block))
                    .flavor(DjlIntegration.FRAMEWORK, "data", file, "block", BLOCK, "djl_version", version,
                            "engine", engine, "model_name", name, "model_class", model.getClass().getName(),
                            "loader", LOADER)
                    .signature(() -> signature)
                    .build();
        } finally {
            delete(dir);
        }
    }

    /**
     * The name the params file is saved and loaded under ({@code <name>-<epoch>.params}): the model's name with every
     * character but letters, digits, {@code -}, {@code _} and {@code .} as {@code _}, so a name such as
     * {@code exp 1/v(2)} or {@code ../x} stays one file in the model directory.
     */
    static String fileName(String modelName) {
        StringBuilder out = new StringBuilder(modelName.length());
        modelName.codePoints().forEach(c -> out.appendCodePoint(
                Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_'));
        String name = out.toString();
        return name.isEmpty() || name.startsWith(".") ? "model" + name : name;
    }

    private static void saveKeepingPath(Object model, Path dir, String name) throws Exception {
        Field path = modelDirField(model.getClass());
        Object before = path.get(model);
        try {
            Reflect.call(model, "save", dir, name);
        } finally {
            path.set(model, before);
        }
    }

    private static Field modelDirField(Class<?> type) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(DjlIntegration.BASE_MODEL)) {
                Field f = c.getDeclaredField("modelDir");
                f.setAccessible(true);
                return f;
            }
        }
        throw new NoSuchFieldException(type.getName() + " is no " + DjlIntegration.BASE_MODEL
                + ": its save could not leave the model as it was");
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
