package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.run.Training;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A fitted Spark model: the models it is made of, and its artifact, written by Spark's own {@code MLWriter}. */
final class SparkModels {
    static final String ARTIFACT = "model";

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

    /**
     * Saves the model with {@code model.write().save(dir)} (on the fitting thread: the job that needs the Spark
     * context must run while it is alive) into a temporary directory that the writer thread copies into the run.
     */
    static void save(Training training, Object model) throws Exception {
        if (!training.logModels() || !TrainingSummaries.hasMethod(model, "write")) {
            return;
        }
        Path dir = Files.createTempDirectory("autolog-spark-model");
        dir.toFile().deleteOnExit();
        Path target = dir.resolve(ARTIFACT);
        Reflect.call(Reflect.call(model, "write"), "save", target.toUri().toString());
        deleteOnExit(target);
        training.artifactFile(ARTIFACT, target);
    }

    /** Directories first, so the JVM deletes what is inside them before them. */
    private static void deleteOnExit(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            all.map(Path::toFile).forEach(File::deleteOnExit);
        }
    }
}
