package smilefixture;

import java.util.Properties;
import smile.model.ClassificationModel;
import smile.model.Model;

/** Smile 5.x+'s one-call facade. */
public final class Facade {
    private Facade() {
    }

    public static void run() {
        Properties p = new Properties();
        p.setProperty("smile.random_forest.trees", "20");
        ClassificationModel model = Model.classification("random-forest", SmileTraining.formula(),
                SmileTraining.frame(0, 200), SmileTraining.frame(200, SmileTraining.N), p);
        SmileTraining.param("algorithm", "random-forest");
        SmileTraining.param("smile.random_forest.trees", "20");
        SmileTraining.param("ntrees", "20");
        SmileTraining.truth("test_accuracy", 0, model.test().accuracy());
        Line.schema(SmileTraining.formula(), SmileTraining.frame(0, 200));
        System.out.println("RESPONSE " + SmileTraining.formula().response());
    }
}
