// spark-shell -i pipeline-fit.scala: autologging turned on in code, then a Pipeline fit.
dev.autolog.Autolog.autolog(java.util.Map.of("debug", "true", "flush.timeout", "2m"))
import org.apache.spark.ml.Pipeline
import org.apache.spark.ml.feature.VectorAssembler
import org.apache.spark.ml.classification.LogisticRegression
val rows = (0 until 200).map { i => val a = (i * 37 % 100) / 100.0; val b = (i * 53 % 100) / 100.0; (a, b, if (a + b > 1.0) 1.0 else 0.0) }
val df = spark.createDataFrame(rows).toDF("a", "b", "label")
val lr = new LogisticRegression().setMaxIter(7).setRegParam(0.01)
val pipeline = new Pipeline().setStages(Array(new VectorAssembler().setInputCols(Array("a", "b")).setOutputCol("features"), lr))
val model = pipeline.fit(df)
lr.extractParamMap.toSeq.foreach(p => println("STAGE_PARAM LogisticRegression." + p.param.name + " " + p.value))
println("FITTED_STAGES " + model.stages.length)
