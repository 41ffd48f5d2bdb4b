package dev.autolog.integration.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.autolog.dataset.DatasetDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digest of real DataFrames of a local Spark: the same data built again (new expression ids, new UDF objects,
 * as in another JVM) has the same digest; other rows, another file version, another literal or column do not.
 * Describing a DataFrame never runs a Spark job.
 */
class SparkDatasetsTest {
    private static final StructType SCHEMA = new StructType().add("a1", DataTypes.DoubleType)
            .add("a2", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
    private static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[1]").appName("autolog-digest-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void inMemoryRowsThroughAVectorAssemblerHaveOneDigestHoweverOftenTheyAreBuilt() {
        String digest = digest(assembled(spark.createDataFrame(rows(50, 42), SCHEMA)));
        assertEquals(digest, digest(assembled(spark.createDataFrame(rows(50, 42), SCHEMA))));
        assertNotEquals(digest, digest(assembled(spark.createDataFrame(changed(rows(50, 42)), SCHEMA))));
        assertNotEquals(digest, digest(assembled(spark.createDataFrame(rows(49, 42), SCHEMA))));
    }

    @Test
    void theDigestSamplesTheFirstThousandInMemoryRowsAndCountsAllOfThem() {
        List<Row> many = rows(1500, 42);
        String digest = digest(spark.createDataFrame(many, SCHEMA));
        List<Row> lateRowChanged = new ArrayList<>(many);
        Row r = lateRowChanged.get(1200);
        lateRowChanged.set(1200, RowFactory.create(r.getDouble(0) + 0.001, r.getDouble(1), r.getDouble(2)));
        assertEquals(digest, digest(spark.createDataFrame(lateRowChanged, SCHEMA)), "a row beyond the sample");
        assertNotEquals(digest, digest(spark.createDataFrame(changed(many), SCHEMA)), "a row in the sample");
        assertNotEquals(digest, digest(spark.createDataFrame(many.subList(0, 1499), SCHEMA)), "the row count");
    }

    @Test
    void rowsParallelizedIntoAnRddHaveOneDigestHoweverOftenTheyAreBuilt() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String digest = digest(assembled(spark.createDataFrame(jsc.parallelize(rows(50, 42), 2), SCHEMA)));
        assertEquals(digest, digest(assembled(spark.createDataFrame(jsc.parallelize(rows(50, 42), 2), SCHEMA))));
        assertNotEquals(digest, digest(assembled(spark.createDataFrame(jsc.parallelize(changed(rows(50, 42)), 2),
                SCHEMA))));
        assertNotEquals(digest, digest(assembled(spark.createDataFrame(jsc.parallelize(rows(49, 42), 2), SCHEMA))));
    }

    @Test
    void vectorsInMemoryAreHashedByTheirValues() {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label",
                DataTypes.DoubleType);
        List<Row> rows = List.of(RowFactory.create(Vectors.dense(0.1, 0.2), 1.0),
                RowFactory.create(Vectors.dense(0.3, 0.4), 0.0));
        List<Row> other = List.of(RowFactory.create(Vectors.dense(0.1, 0.2), 1.0),
                RowFactory.create(Vectors.dense(0.3, 0.5), 0.0));
        String digest = digest(spark.createDataFrame(rows, schema));
        assertEquals(digest, digest(spark.createDataFrame(new ArrayList<>(rows), schema)));
        assertNotEquals(digest, digest(spark.createDataFrame(other, schema)));
    }

    @Test
    void aFileReadAgainHasOneDigestAndAnotherOnceItsModificationTimeOrLengthChanges() throws Exception {
        Path csv = dir.resolve("train.csv");
        StringBuilder text = new StringBuilder();
        for (Row r : rows(50, 42)) {
            text.append(r.mkString(",")).append('\n');
        }
        Files.writeString(csv, text);
        String digest = digest(assembled(spark.read().schema(SCHEMA).csv(csv.toString())));
        assertEquals(digest, digest(assembled(spark.read().schema(SCHEMA).csv(csv.toString()))));

        FileTime earlier = FileTime.fromMillis(Files.getLastModifiedTime(csv).toMillis() - 60_000);
        Files.setLastModifiedTime(csv, earlier);
        String touched = digest(assembled(spark.read().schema(SCHEMA).csv(csv.toString())));
        assertNotEquals(digest, touched);

        Files.writeString(csv, text + "0.5,0.5,1.0\n");
        Files.setLastModifiedTime(csv, earlier);
        assertNotEquals(touched, digest(assembled(spark.read().schema(SCHEMA).csv(csv.toString()))));
    }

    @Test
    void anotherFilterLiteralOrAnotherComputedColumnIsAnotherDigest() {
        Dataset<Row> data = spark.createDataFrame(rows(50, 42), SCHEMA);
        String filtered = digest(data.filter(col("a1").gt(0.5)));
        assertEquals(filtered, digest(spark.createDataFrame(rows(50, 42), SCHEMA).filter(col("a1").gt(0.5))));
        assertNotEquals(filtered, digest(data.filter(col("a1").gt(0.6))));
        assertNotEquals(digest(data.withColumn("x", col("a1").multiply(2))),
                digest(data.withColumn("x", col("a2").multiply(2))));
    }

    @Test
    void aJavaUdfInThePlanHasOneDigestHoweverOftenItIsDefined() {
        Dataset<Row> data = spark.createDataFrame(rows(50, 42), SCHEMA);
        String digest = digest(data.withColumn("x", scaled(2.0).apply(col("a1"))));
        assertEquals(digest, digest(data.withColumn("x", scaled(2.0).apply(col("a1")))));
        assertNotEquals(digest, digest(data.withColumn("x", scaled(2.0).apply(col("a2")))));
    }

    @Test
    void thePlanTextHashedIsSparksWithoutExpressionIdsIdentityHashesAndGeneratedClassNames() throws Exception {
        assertEquals("Project [a1#, a2#, label#, UDF(struct(a1, a1#, a2, a2#)) AS features#]\n"
                + "+- LocalRelation [a1#, a2#, label#]\n",
                PlanText.of(assembled(spark.createDataFrame(rows(2, 1), SCHEMA)).queryExecution().analyzed()));
        assertEquals("MapElements dev.Foo$$Lambda@, obj#L\n+- CTERelationRef , true, [id#L]",
                PlanText.canonical("MapElements dev.Foo$$Lambda$1234/0x0000000800c0b048@5e9f23b4, obj#5L\n"
                        + "+- CTERelationRef 7, true, [id#12L]"));
        assertEquals("MapElements dev.Foo$$Lambda@, obj#", PlanText.canonical(
                "MapElements dev.Foo$$Lambda/0x00007f3c9c0a1234@1b2c3d, obj#15"));
    }

    private static String digest(Dataset<Row> data) {
        int jobs = jobs();
        String digest = DatasetDigest.of(SparkDatasets.describe(data));
        assertEquals(jobs, jobs(), "describing a DataFrame runs no Spark job");
        return digest;
    }

    private static int jobs() {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
        return spark.sparkContext().statusTracker().getJobIdsForGroup(null).length;
    }

    private static Dataset<Row> assembled(Dataset<Row> data) {
        return new VectorAssembler().setInputCols(new String[] {"a1", "a2"}).setOutputCol("features").transform(data);
    }

    /** A new UDF object (a capturing lambda) at every call, as every JVM has its own. */
    private static UserDefinedFunction scaled(double factor) {
        return functions.udf((UDF1<Double, Double>) x -> x * factor, DataTypes.DoubleType);
    }

    private static List<Row> rows(int n, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a1 = r.nextDouble();
            double a2 = r.nextDouble();
            rows.add(RowFactory.create(a1, a2, a1 + a2 > 1 ? 1.0 : 0.0));
        }
        return rows;
    }

    /** The rows with one value of the 11th row changed. */
    private static List<Row> changed(List<Row> rows) {
        List<Row> out = new ArrayList<>(rows);
        Row r = out.get(10);
        out.set(10, RowFactory.create(r.getDouble(0) + 0.001, r.getDouble(1), r.getDouble(2)));
        return out;
    }
}
