package dev.autolog.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.autolog.Autolog;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * DJL trainings (PyTorch engine, CPU) in one JVM, as {@link Dl4jTrainingWorkload} trains DL4J: one to warm up, then
 * the median wall time in ms of five more, each a new model trained with {@code EasyTrain.fit} for 2,000 batches
 * (20 epochs of 100 batches of 32, an MLP 64-128-64-10, DJL's basic listeners): with the agent, one run with 2,000
 * live {@code batch_loss} points, the epochs' evaluations and the saved model. With {@code -Dbench.threads=true}
 * each training's line on stderr gives the CPU time of the JVM's threads during it ({@link ThreadCpu}).
 */
public final class DjlTrainingWorkload {
    private static final int ROWS = 3200;
    private static final int EPOCHS = 20;
    private static final int TRAININGS = 6;
    private static final boolean THREADS = Boolean.getBoolean("bench.threads");

    public static void main(String[] args) throws Exception {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset data = data(manager);
            if (args.length > 0 && args[0].equals("toggle")) {
                toggled(data, Integer.parseInt(args[1]));
                return;
            }
            double[] millis = new double[TRAININGS];
            for (int i = 0; i < millis.length; i++) {
                millis[i] = train(data);
            }
            double[] measured = Arrays.copyOfRange(millis, 1, millis.length);
            Arrays.sort(measured);
            System.out.println(measured[measured.length / 2]);
        }
    }

    /**
     * With the agent: one warm-up training of each kind, then {@code pairs} trainings with autologging off
     * ({@code Autolog.disable()}: the hooks still run, nothing is logged) and on, alternating; prints both medians.
     */
    private static void toggled(ArrayDataset data, int pairs) throws Exception {
        List<Double> off = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        for (int i = -1; i < pairs; i++) {
            Autolog.disable();
            double a = train(data);
            Autolog.enable();
            double b = train(data);
            if (i >= 0) {
                off.add(a);
                on.add(b);
            }
        }
        System.out.println(ChildJvm.median(off) + " " + ChildJvm.median(on));
    }

    private static ArrayDataset data(NDManager manager) {
        Random random = new Random(7);
        float[] x = new float[ROWS * 64];
        float[] y = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            double sum = 0;
            for (int j = 0; j < 64; j++) {
                x[i * 64 + j] = (float) random.nextGaussian();
                sum += j < 3 ? x[i * 64 + j] : 0;
            }
            y[i] = Math.floorMod((int) Math.floor(sum * 2), 10);
        }
        return new ArrayDataset.Builder().setData(manager.create(x, new Shape(ROWS, 64)))
                .optLabels(manager.create(y, new Shape(ROWS))).setSampling(32, false).build();
    }

    private static double train(ArrayDataset data) throws Exception {
        try (Model model = Model.newInstance("bench-mlp")) {
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(128).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(64).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(10).build()));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .addEvaluator(new Accuracy())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
                    .addTrainingListeners(TrainingListener.Defaults.basic());
            ThreadCpu before = THREADS ? ThreadCpu.now() : null;
            long start = System.nanoTime();
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(32, 64));
                EasyTrain.fit(trainer, EPOCHS, data, null);
            }
            double millis = (System.nanoTime() - start) / 1e6;
            if (THREADS) {
                System.err.printf("training %.1f ms, ended at %.1f s, threads' CPU ms: %s%n", millis,
                        ManagementFactory.getRuntimeMXBean().getUptime() / 1e3, ThreadCpu.now().since(before));
            }
            return millis;
        }
    }
}
