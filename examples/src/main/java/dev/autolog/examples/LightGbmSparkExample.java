package dev.autolog.examples;

import com.microsoft.azure.synapse.ml.lightgbm.LightGBMClassifier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A plain SynapseML LightGBM job with no autolog code, for {@code spark-submit --packages
 * com.microsoft.azure:synapseml-lightgbm_2.12:1.0.15 --class dev.autolog.examples.LightGbmSparkExample}: a
 * pipeline with a {@code LightGBMClassifier} that holds a fifth of the rows out for validation, evaluated on held-out
 * data. With the agent on the driver the fit is one run with LightGBM's per-iteration {@code train-*} and
 * {@code validation-*} metrics, its feature importances and its native model text.
 */
public final class LightGbmSparkExample {

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("autolog-lightgbm-example").getOrCreate();
        Dataset<Row> train = SparkPipelineExample.data(spark, 1000, 1L).withColumn("validation",
                functions.rand(3).lt(0.2));
        Dataset<Row> test = SparkPipelineExample.data(spark, 200, 2L);
        // SynapseML's setters return the trait that declares them: one statement each from Java
        LightGBMClassifier lightgbm = new LightGBMClassifier();
        lightgbm.setObjective("binary");
        lightgbm.setNumIterations(30);
        lightgbm.setLearningRate(0.1);
        lightgbm.setNumLeaves(15);
        lightgbm.setMetric("binary_logloss,auc");
        lightgbm.setIsProvideTrainingMetric(true);
        lightgbm.setValidationIndicatorCol("validation");
        lightgbm.setVerbosity(-1);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"a1", "a2"}).setOutputCol("features"), lightgbm});
        PipelineModel model = pipeline.fit(train);
        double auc = new BinaryClassificationEvaluator().evaluate(model.transform(test));
        System.out.printf("lightgbm areaUnderROC %.4f (spark %s)%n", auc, spark.version());
        spark.stop();
    }
}
