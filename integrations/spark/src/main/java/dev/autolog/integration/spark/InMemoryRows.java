package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.dataset.DatasetDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * The row count and the first rows ({@link #SAMPLE} in all) of a plan's in-memory leaves, read where the driver
 * holds them: a {@code LocalRelation}'s rows as Spark's {@code UnsafeRow} bytes (exact, whatever the types); the
 * elements of the parallelized collection a {@code LogicalRDD} or {@code ExternalRDD} comes from, as text without
 * identity hashes.
 * No Spark job runs; an RDD made otherwise (from files, a checkpoint) adds nothing here.
 */
final class InMemoryRows {
    static final int SAMPLE = 1000;
    private static final String UNSAFE_PROJECTION = "org.apache.spark.sql.catalyst.expressions.UnsafeProjection";
    private final List<Object> parts = new ArrayList<>();
    private int sampled;

    void addLocalRelation(Object relation) throws Exception {
        Object rows = Reflect.call(relation, "data");
        parts.add("rows:" + Reflect.call(rows, "size"));
        Object toUnsafe = Reflect.callStatic(relation.getClass().getClassLoader(), UNSAFE_PROJECTION, "create",
                Reflect.call(relation, "schema"));
        Object it = Reflect.call(rows, "iterator");
        while (sampled < SAMPLE && (Boolean) Reflect.call(it, "hasNext")) {
            // the projection writes every row into the same buffer
            parts.add(((byte[]) Reflect.call(Reflect.call(toUnsafe, "apply", Reflect.call(it, "next")), "getBytes"))
                    .clone());
            sampled++;
        }
    }

    /** An RDD of the plan; its one-parent lineage is followed down to where the data came from. */
    void addRdd(Object rdd) throws Exception {
        Object root = rdd;
        for (Object parents = Reflect.call(root, "dependencies"); (Integer) Reflect.call(parents, "size") == 1;
                parents = Reflect.call(root, "dependencies")) {
            root = Reflect.call(Reflect.call(parents, "head"), "rdd");
        }
        if (!root.getClass().getSimpleName().equals("ParallelCollectionRDD")) {
            return;
        }
        long count = 0;
        for (Object partition : (Object[]) Reflect.call(root, "partitions")) {
            Object values = Reflect.call(partition, "values");
            count += (Integer) Reflect.call(values, "size");
            Object it = Reflect.call(values, "iterator");
            while (sampled < SAMPLE && (Boolean) Reflect.call(it, "hasNext")) {
                parts.add(PlanText.withoutIdentities(String.valueOf(Reflect.call(it, "next"))));
                sampled++;
            }
        }
        parts.add("rows:" + count);
    }

    void addTo(DatasetDescription d) {
        parts.forEach(d::digestOf);
    }
}
