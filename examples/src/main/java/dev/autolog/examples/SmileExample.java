package dev.autolog.examples;

import java.util.Random;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.validation.ClassificationValidation;

/**
 * A Smile random forest trained on one half of a synthetic dataset and validated on the other, with no autolog
 * code. With the agent attached it is one run: the forest's hyperparameters (the defaults included), its
 * out-of-bag metrics, each tree's, the validation's accuracy and the model.
 */
public final class SmileExample {
    private SmileExample() {
    }

    public static void main(String[] args) {
        int n = 1000;
        Random random = new Random(7);
        int[][] rows = new int[n][5];
        for (int i = 0; i < n; i++) {
            int sum = 0;
            for (int j = 0; j < 4; j++) {
                rows[i][j] = random.nextInt(10);
                sum += rows[i][j];
            }
            rows[i][4] = sum + random.nextInt(5) > 20 ? 1 : 0;
        }
        String[] names = {"x1", "x2", "x3", "x4", "label"};
        DataFrame train = DataFrame.of(java.util.Arrays.copyOfRange(rows, 0, n / 2), names);
        DataFrame test = DataFrame.of(java.util.Arrays.copyOfRange(rows, n / 2, n), names);
        ClassificationValidation<RandomForest> validation = ClassificationValidation.of(Formula.lhs("label"), train,
                test, (formula, data) -> RandomForest.fit(formula, data));
        System.out.printf("test accuracy %.4f, out-of-bag accuracy %.4f%n", validation.metrics.accuracy,
                validation.model.metrics().accuracy);
    }
}
