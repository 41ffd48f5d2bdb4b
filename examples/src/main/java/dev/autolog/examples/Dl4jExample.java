package dev.autolog.examples;

import java.io.File;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A plain DL4J program with no autolog code: an epoch loop of {@code fit} with an evaluation after every epoch,
 * then a save. Run it with {@code -javaagent:autolog-agent.jar} and it is one run: the configuration, the loss at
 * every iteration and every epoch, each evaluation, and the saved model.
 */
public final class Dl4jExample {

    public static void main(String[] args) throws Exception {
        Nd4j.getRandom().setSeed(42);
        DataSetIterator train = blobs(1_000);
        DataSetIterator test = blobs(300);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(0.01)).list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.setListeners(new ScoreIterationListener(50));
        for (int epoch = 0; epoch < 5; epoch++) {
            net.fit(train);
            Evaluation evaluation = net.evaluate(test);
            System.out.printf("epoch %d: accuracy %.4f, F1 %.4f%n", epoch, evaluation.accuracy(), evaluation.f1());
        }
        net.save(new File("dl4j-model.zip"), true);
    }

    /** Three classes, each shifting one of five noisy features; minibatches of 50. */
    private static DataSetIterator blobs(int rows) {
        INDArray x = Nd4j.randn(rows, 5);
        INDArray y = Nd4j.zeros(rows, 3);
        for (int i = 0; i < rows; i++) {
            int label = i % 3;
            x.putScalar(i, label, x.getDouble(i, label) + 2.0);
            y.putScalar(i, label, 1.0);
        }
        return new ExistingDataSetIterator(new DataSet(x, y).batchBy(50));
    }
}
