package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.run.Training;

/** Where a fit ran, read from the {@code SparkContext} of the dataset it was given. */
final class SparkTags {

    private SparkTags() {
    }

    /** Returns the {@code SparkContext}. */
    static Object log(Training training, Object dataset) throws Exception {
        Object context = Reflect.call(Reflect.call(dataset, "sparkSession"), "sparkContext");
        training.tag("spark.version", String.valueOf(Reflect.call(context, "version")));
        training.tag("spark.scala.version", String.valueOf(Reflect.callStatic(context.getClass().getClassLoader(),
                "scala.util.Properties", "versionNumberString")));
        training.tag("spark.app.id", String.valueOf(Reflect.call(context, "applicationId")));
        training.tag("spark.app.name", String.valueOf(Reflect.call(context, "appName")));
        training.tag("spark.master", String.valueOf(Reflect.call(context, "master")));
        training.tag("spark.submit.deployMode", String.valueOf(Reflect.call(context, "deployMode")));
        return context;
    }
}
