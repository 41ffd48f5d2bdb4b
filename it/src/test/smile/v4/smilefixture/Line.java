package smilefixture;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import smile.classification.GradientTreeBoost;
import smile.classification.LogisticRegression;
import smile.classification.RandomForest;
import smile.clustering.CentroidClustering;
import smile.clustering.KMeans;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.util.IterativeAlgorithmController;
import smile.validation.ClassificationValidation;
import smile.validation.ClassificationValidations;
import smile.validation.CrossValidation;

/** Smile 4.x+: options records, results in records. */
final class Line {
    private Line() {
    }

    static RandomForest forest(Formula formula, DataFrame data) {
        RandomForest rf = RandomForest.fit(formula, data, new RandomForest.Options(20, 2, 8, 100, 5));
        SmileTraining.forestParams();
        SmileTraining.truth("oob_accuracy", 0, rf.metrics().accuracy());
        RandomForest.Model[] models = rf.models();
        for (int i = 0; i < models.length; i++) {
            SmileTraining.truth("tree_oob_accuracy", i + 1, models[i].metrics().accuracy());
        }
        return rf;
    }

    /** The predictors Smile's formula takes from the training data: {@code SCHEMA name type-id}. */
    static void schema(Formula formula, DataFrame data) {
        for (smile.data.type.StructField f : formula.x(data).schema().fields()) {
            System.out.println("SCHEMA " + f.name() + " " + f.dtype().id());
        }
    }

    static void validation(double[][] x, int[] y, double[][] testX, int[] testY) {
        ClassificationValidation<LogisticRegression> v =
                ClassificationValidation.of(x, y, testX, testY, (a, b) -> LogisticRegression.fit(a, b));
        SmileTraining.truth("accuracy", 0, v.metrics().accuracy());
    }

    static void crossValidation(double[][] x, int[] y) {
        ClassificationValidations<LogisticRegression> cv =
                CrossValidation.classification(3, x, y, (a, b) -> LogisticRegression.fit(a, b));
        for (int i = 0; i < cv.rounds().size(); i++) {
            SmileTraining.truth("accuracy", i, cv.rounds().get(i).metrics().accuracy());
        }
        SmileTraining.truth("accuracy_mean", 0, cv.avg().accuracy());
        SmileTraining.truth("accuracy_std", 0, cv.std().accuracy());
    }

    static void kmeans(double[][] x) {
        CentroidClustering<double[], double[]> km = KMeans.fit(x, 3, 100);
        SmileTraining.truth("distortion", 0, km.distortion());
    }

    /** With the user's own progress listener: it and autolog both see every tree's loss. */
    static void boosting(Formula formula, DataFrame data) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        IterativeAlgorithmController<GradientTreeBoost.TrainingStatus> controller =
                new IterativeAlgorithmController<>(executor, Flow.defaultBufferSize());
        controller.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(GradientTreeBoost.TrainingStatus status) {
                SmileTraining.truth("loss", status.tree(), status.loss());
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        GradientTreeBoost.fit(formula, data, new GradientTreeBoost.Options(10, 6, 20, 5, 0.1, 1.0, null, controller));
        SmileTraining.param("ntrees", 10);
        SmileTraining.param("shrinkage", 0.1);
        controller.close();
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
