package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.logging.Diagnostics;
import dev.autolog.model.ModelFile;
import dev.autolog.model.ModelSpec;
import dev.autolog.model.Signature;
import dev.autolog.run.Training;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** A fitted Spark model: the models it is made of, and its artifact, written by Spark's own {@code MLWriter}. */
final class SparkModels {
    /** Where {@code mlflow.spark} expects the saved {@code PipelineModel} inside the model directory. */
    static final String DATA = "sparkml";
    private static final String TRANSFORMER = "org.apache.spark.ml.Transformer";

    private SparkModels() {
    }

    /** The model, the stages of a {@code PipelineModel} and the best model of a tuning model, recursively. */
    static List<Object> parts(Object model) throws Exception {
        List<Object> out = new ArrayList<>();
        add(out, model);
        return out;
    }

    private static void add(List<Object> out, Object model) throws Exception {
        out.add(model);
        if (Stages.is(model, Stages.PIPELINE_MODEL)) {
            for (Object stage : (Object[]) Reflect.call(model, "stages")) {
                add(out, stage);
            }
        } else if (Tuning.isTuningModel(model)) {
            add(out, Reflect.call(model, "bestModel"));
        }
    }

    /** True when the model can be saved; its LoggedModel then waits for {@link #save} after the fit. */
    static boolean savable(Training training, Object model) {
        return training.logModels() && Reflect.hasMethod(model, "write", 0);
    }

    /**
     * Saves the model, wrapped in a {@code PipelineModel} unless it is one (what {@code mlflow.spark.load_model}
     * reads), with Spark's own writer into a temporary directory that the writer thread copies into the run's
     * MLflow Model directory ({@code model/sparkml}); runs after the fit, while the Spark context is alive. A
     * SynapseML LightGBM model (the first one it holds) adds its native text beside it
     * ({@code model/lightgbm_model.txt}). A model Spark's writer refuses (a stage that is not {@code MLWritable})
     * is not logged, with one line.
     */
    static void save(Training training, Object model, Object dataset) throws Exception {
        try {
            Object pipeline = Stages.is(model, Stages.PIPELINE_MODEL) ? model : pipelineOf(model);
            Path dir = Files.createTempDirectory("autolog-spark-model");
            dir.toFile().deleteOnExit();
            Path target = dir.resolve(DATA);
            OwnSavePermissions.claim(dir);
            try {
                Reflect.call(Reflect.call(pipeline, "write"), "save", target.toUri().toString());
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof UnsupportedOperationException refused) {
                    training.modelUnavailable();
                    Diagnostics.warnOnce("spark.unsavable:" + model.getClass().getName(), "spark model not logged: "
                            + refused.getMessage() + "; the run has its params and metrics (said once)");
                    return;
                }
                throw e;
            } finally {
                OwnSavePermissions.release(dir);
            }
            deleteOnExit(target);
            Signature signature = signatureOrNull(dataset, model);
            String version = SparkVersions.version(model.getClass().getClassLoader());
            ModelSpec.Builder spec = ModelSpec.of("spark").file(ModelFile.copy(DATA, target));
            for (Object part : parts(model)) {
                if (LightGbmModels.is(part)) {
                    spec.file(ModelFile.bytes(LightGbmModels.NATIVE_MODEL, LightGbmModels.nativeModel(part)));
                    break;
                }
            }
            training.model(spec
                    .flavor("spark", "code", null, "model_class", "pyspark.ml.pipeline.PipelineModel",
                            "model_data", DATA, "pyspark_version", version)
                    .pythonFunction("mlflow.spark", DATA, "pyspark==" + version)
                    .signature(() -> signature).build());
        } catch (Exception | LinkageError e) {
            training.modelUnavailable();
            throw e;
        }
    }

    /** The raw columns read, computed here because it asks Spark objects; null (no signature) when unknown. */
    private static Signature signatureOrNull(Object dataset, Object model) {
        try {
            return SparkSignature.of(dataset, model);
        } catch (Exception | LinkageError e) {
            Diagnostics.debug("Spark model signature not logged: " + e);
            return null;
        }
    }

    private static Object pipelineOf(Object model) throws Exception {
        ClassLoader loader = model.getClass().getClassLoader();
        Class<?> transformer = Class.forName(TRANSFORMER, false, loader);
        Object stages = Array.newInstance(transformer, 1);
        Array.set(stages, 0, model);
        Constructor<?> pipeline = Class.forName(Stages.PIPELINE_MODEL, false, loader)
                .getDeclaredConstructor(String.class, stages.getClass());
        pipeline.setAccessible(true);
        return pipeline.newInstance("PipelineModel_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                stages);
    }

    /** Directories first, so the JVM deletes what is inside them before them. */
    private static void deleteOnExit(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            all.map(Path::toFile).forEach(File::deleteOnExit);
        }
    }
}
