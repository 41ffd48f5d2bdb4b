package dev.autolog.examples;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.Random;

/**
 * A plain Deep Java Library program with no autolog code: an MLP trained with {@code EasyTrain.fit} on the PyTorch
 * engine (CPU), with a validation set, then saved. Run it with {@code -javaagent:autolog-agent.jar} and it is one
 * run: the training configuration, the loss of every batch, each epoch's training and validation results, and the
 * model in DJL's format.
 */
public final class DjlExample {

    public static void main(String[] args) throws Exception {
        // the PyTorch native library comes from the pytorch-native-cpu jar on the class path: never download
        System.setProperty("ai.djl.offline", "true");
        Engine.getInstance().setRandomSeed(42);
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance("djl-mlp")) {
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(16).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(3).build()));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .addEvaluator(new Accuracy())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build())
                    .addTrainingListeners(TrainingListener.Defaults.basic());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.setMetrics(new Metrics());
                trainer.initialize(new Shape(50, 5));
                EasyTrain.fit(trainer, 5, blobs(manager, 1_000, 1), blobs(manager, 300, 2));
                TrainingResult result = trainer.getTrainingResult();
                System.out.printf("after %d epochs: validation accuracy %.4f, loss %.4f%n", result.getEpoch(),
                        result.getValidateEvaluation("Accuracy"), result.getValidateLoss());
            }
            model.save(Path.of("djl-model"), "djl-mlp");
        }
    }

    /** Three classes, each shifting one of five noisy features; batches of 50. */
    private static ArrayDataset blobs(NDManager manager, int rows, long seed) {
        Random random = new Random(seed);
        float[] x = new float[rows * 5];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            int label = i % 3;
            for (int j = 0; j < 5; j++) {
                x[i * 5 + j] = (float) random.nextGaussian() + (j == label ? 2f : 0f);
            }
            y[i] = label;
        }
        return new ArrayDataset.Builder().setData(manager.create(x, new Shape(rows, 5)))
                .optLabels(manager.create(y, new Shape(rows))).setSampling(50, true).build();
    }
}
