package dev.autolog.integration.spark;

import dev.autolog.agent.tooling.Reflect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names of pipeline stages as they appear in param keys: the stage's simple class name, with {@code _<n>} (from 1)
 * only when the class occurs more than once in the pipeline.
 */
final class Stages {
    static final String PIPELINE = "org.apache.spark.ml.Pipeline";
    static final String PIPELINE_MODEL = "org.apache.spark.ml.PipelineModel";

    private Stages() {
    }

    static Object[] of(Object pipeline) throws Exception {
        return (Object[]) Reflect.call(pipeline, "getStages");
    }

    static List<String> names(Object[] stages) {
        Map<String, Integer> counts = new HashMap<>();
        for (Object s : stages) {
            counts.merge(s.getClass().getSimpleName(), 1, Integer::sum);
        }
        Map<String, Integer> seen = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Object s : stages) {
            String simple = s.getClass().getSimpleName();
            int n = seen.merge(simple, 1, Integer::sum);
            names.add(counts.get(simple) > 1 ? simple + "_" + n : simple);
        }
        return names;
    }

    /** uid → param-key prefix of every stage of {@code estimator} (nested pipelines too); "" for a lone estimator. */
    static Map<String, String> prefixes(Object estimator) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        walk(estimator, new Visitor() {
            @Override
            public void stage(String prefix, Object stage) throws Exception {
                out.put(String.valueOf(Reflect.call(stage, "uid")), prefix);
            }
        });
        return out;
    }

    /**
     * Visits every non-pipeline stage of {@code estimator} with its key prefix ({@code <Stage>.}, nested pipelines
     * adding theirs), and every pipeline with its stage names; a lone estimator is one stage with prefix "".
     */
    static void walk(Object estimator, Visitor visitor) throws Exception {
        if (is(estimator, PIPELINE)) {
            walk("", estimator, visitor);
        } else {
            visitor.stage("", estimator);
        }
    }

    private static void walk(String prefix, Object pipeline, Visitor visitor) throws Exception {
        Object[] stages = of(pipeline);
        List<String> names = names(stages);
        visitor.pipeline(prefix, names);
        for (int i = 0; i < stages.length; i++) {
            String p = prefix + names.get(i) + ".";
            if (is(stages[i], PIPELINE)) {
                walk(p, stages[i], visitor);
            } else {
                visitor.stage(p, stages[i]);
            }
        }
    }

    interface Visitor {
        default void pipeline(String prefix, List<String> stageNames) {
        }

        void stage(String prefix, Object stage) throws Exception;
    }

    /** True when {@code o}'s class is {@code className} or extends it (compared by name: loaders differ). */
    static boolean is(Object o, String className) {
        for (Class<?> c = o == null ? null : o.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
