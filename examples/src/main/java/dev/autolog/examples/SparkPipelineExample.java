package dev.autolog.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A plain Spark job with no autolog code, for {@code spark-submit --class dev.autolog.examples.SparkPipelineExample}:
 * fits a Pipeline, then tunes it with a CrossValidator, and evaluates both on held-out data. With the agent on the
 * driver, the Pipeline fit is one run and the CrossValidator a parent run with a child run per candidate.
 */
public final class SparkPipelineExample {

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("autolog-spark-example").getOrCreate();
        Dataset<Row> train = data(spark, 300, 1L);
        Dataset<Row> test = data(spark, 100, 2L);
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"a1", "a2"})
                .setOutputCol("features");
        LogisticRegression lr = new LogisticRegression().setMaxIter(10).setRegParam(0.01);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, lr});
        BinaryClassificationEvaluator auc = new BinaryClassificationEvaluator();

        PipelineModel model = pipeline.fit(train);
        double pipelineAuc = auc.evaluate(model.transform(test));

        ParamMap[] grid = new ParamGridBuilder().addGrid(lr.regParam(), new double[] {0.001, 0.1, 1.0}).build();
        CrossValidatorModel tuned = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
                .setEvaluator(auc).setNumFolds(2).setSeed(7).fit(train);
        double tunedAuc = auc.evaluate(tuned.transform(test));

        System.out.printf("pipeline areaUnderROC %.4f, tuned areaUnderROC %.4f (spark %s, jackson-databind %s)%n",
                pipelineAuc, tunedAuc, spark.version(), com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION);
        spark.stop();
    }

    /** a1, a2 uniform; label = a1 + a2 > 1, with 10% of the labels flipped. */
    static Dataset<Row> data(SparkSession spark, int n, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a1 = r.nextDouble();
            double a2 = r.nextDouble();
            boolean positive = (a1 + a2 > 1) != (r.nextDouble() < 0.1);
            rows.add(RowFactory.create(a1, a2, positive ? 1.0 : 0.0));
        }
        StructType schema = new StructType().add("a1", DataTypes.DoubleType).add("a2", DataTypes.DoubleType)
                .add("label", DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema);
    }
}
