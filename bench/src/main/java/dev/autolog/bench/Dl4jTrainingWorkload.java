package dev.autolog.bench;

import java.util.Arrays;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J trainings in one JVM: one to warm up, then the median wall time in ms of five more, each a new network
 * trained for 2,000 iterations (20 epochs of 100 minibatches of 32, an MLP 64-128-64-10) in an epoch loop of
 * {@code fit(iterator)} calls: with the agent, one run with 2,000 live score points per training.
 */
public final class Dl4jTrainingWorkload {
    private static final int EPOCHS = 20;

    public static void main(String[] args) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(3200, 64);
        INDArray y = Nd4j.zeros(3200, 10);
        INDArray cls = x.getColumns(0, 1, 2).sum(1);
        for (int i = 0; i < 3200; i++) {
            y.putScalar(i, Math.floorMod((int) Math.floor(cls.getDouble(i) * 2), 10), 1.0);
        }
        DataSetIterator data = new ExistingDataSetIterator(new DataSet(x, y).batchBy(32));
        double[] millis = new double[6];
        for (int i = 0; i < millis.length; i++) {
            MultiLayerNetwork net = network(i);
            long start = System.nanoTime();
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                net.fit(data);
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        double[] measured = Arrays.copyOfRange(millis, 1, millis.length);
        Arrays.sort(measured);
        System.out.println(measured[measured.length / 2]);
    }

    private static MultiLayerNetwork network(int seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(1e-3)).list()
                .layer(new DenseLayer.Builder().nIn(64).nOut(128).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(128).nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(64).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
