package dev.autolog.examples;

import java.util.Random;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * A plain Tribuo program with no autolog code: trains a logistic regression and evaluates it on held-out data.
 * Run it with {@code -javaagent:autolog-agent.jar} and the training, its configuration and the evaluation land
 * in one run.
 */
public final class TribuoExample {

    public static void main(String[] args) {
        Dataset<Label> train = blobs(1_000, 1L);
        Dataset<Label> test = blobs(300, 2L);
        Model<Label> model = new LogisticRegressionTrainer().train(train);
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, test);
        System.out.printf("accuracy %.4f, macro F1 %.4f%n", evaluation.accuracy(), evaluation.macroAveragedF1());
    }

    /** Three classes, each shifting one of five noisy features. */
    static Dataset<Label> blobs(int n, long seed) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("blobs", factory), factory);
        Random random = new Random(seed);
        String[] names = {"x0", "x1", "x2", "x3", "x4"};
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(3);
            double[] x = new double[names.length];
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextGaussian() + (j == k ? 2.0 : 0.0);
            }
            data.add(new ArrayExample<>(new Label("class" + k), names, x));
        }
        return data;
    }
}
