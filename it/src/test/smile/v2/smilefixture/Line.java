package smilefixture;

import smile.base.cart.SplitRule;
import smile.classification.LogisticRegression;
import smile.classification.RandomForest;
import smile.clustering.KMeans;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.validation.ClassificationValidation;
import smile.validation.ClassificationValidations;
import smile.validation.CrossValidation;

/** Smile 2.x/3.x: positional hyperparameters, results in public fields. */
final class Line {
    private Line() {
    }

    static RandomForest forest(Formula formula, DataFrame data) {
        RandomForest rf = RandomForest.fit(formula, data, 20, 2, SplitRule.GINI, 8, 100, 5, 1.0);
        SmileTraining.forestParams();
        SmileTraining.truth("oob_accuracy", 0, rf.metrics().accuracy);
        RandomForest.Model[] models = rf.models();
        for (int i = 0; i < models.length; i++) {
            SmileTraining.truth("tree_oob_accuracy", i + 1, models[i].metrics.accuracy);
        }
        return rf;
    }

    /** The predictors Smile's formula takes from the training data: {@code SCHEMA name type-id}. */
    static void schema(Formula formula, DataFrame data) {
        for (smile.data.type.StructField f : formula.x(data).schema().fields()) {
            System.out.println("SCHEMA " + f.name + " " + f.type.id());
        }
    }

    static void validation(double[][] x, int[] y, double[][] testX, int[] testY) {
        ClassificationValidation<LogisticRegression> v =
                ClassificationValidation.of(x, y, testX, testY, (a, b) -> LogisticRegression.fit(a, b));
        SmileTraining.truth("accuracy", 0, v.metrics.accuracy);
    }

    static void crossValidation(double[][] x, int[] y) {
        ClassificationValidations<LogisticRegression> cv =
                CrossValidation.classification(3, x, y, (a, b) -> LogisticRegression.fit(a, b));
        for (int i = 0; i < cv.rounds.size(); i++) {
            SmileTraining.truth("accuracy", i, cv.rounds.get(i).metrics.accuracy);
        }
        SmileTraining.truth("accuracy_mean", 0, cv.avg.accuracy);
        SmileTraining.truth("accuracy_std", 0, cv.sd.accuracy);
    }

    static void kmeans(double[][] x) {
        KMeans km = KMeans.fit(x, 3);
        SmileTraining.truth("distortion", 0, km.distortion);
    }

    static void boosting(Formula formula, DataFrame data) {
        throw new UnsupportedOperationException("the live training status exists from Smile 4.0 on");
    }
}
