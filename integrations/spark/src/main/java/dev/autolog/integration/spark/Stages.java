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
    static final String PARAMS = "org.apache.spark.ml.param.Params";
    /** How deep estimators held by params are followed (a {@code OneVsRest}'s classifier is one level). */
    private static final int MAX_NESTING = 4;

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
     * adding theirs), and every pipeline with its stage names; a lone estimator is one stage with prefix "". An
     * estimator a stage holds as a param value (a {@code OneVsRest}'s {@code classifier}) is visited too, under
     * {@code <prefix><param>.}.
     */
    static void walk(Object estimator, Visitor visitor) throws Exception {
        walk("", estimator, visitor, 0);
    }

    private static void walk(String prefix, Object estimator, Visitor visitor, int depth) throws Exception {
        if (!is(estimator, PIPELINE)) {
            visitor.stage(prefix, estimator);
            if (depth < MAX_NESTING) {
                for (Map.Entry<String, Object> held : heldEstimators(estimator).entrySet()) {
                    walk(prefix + held.getKey() + ".", held.getValue(), visitor, depth + 1);
                }
            }
            return;
        }
        Object[] stages = of(estimator);
        List<String> names = names(stages);
        visitor.pipeline(prefix, names);
        for (int i = 0; i < stages.length; i++) {
            walk(prefix + names.get(i) + ".", stages[i], visitor, depth);
        }
    }

    /** The params of {@code stage} whose values are themselves Spark {@code Params} (estimators, transformers). */
    private static Map<String, Object> heldEstimators(Object stage) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object pair : (List<?>) Reflect.call(Reflect.call(stage, "extractParamMap"), "toList")) {
            Object value = Reflect.call(pair, "value");
            if (implementsParams(value)) {
                out.put(String.valueOf(Reflect.call(Reflect.call(pair, "param"), "name")), value);
            }
        }
        return out;
    }

    /** True when {@code o} is a Spark {@code Params} (an interface, compared by name: loaders differ). */
    static boolean implementsParams(Object o) {
        return o != null && hasType(o.getClass(), PARAMS);
    }

    private static boolean hasType(Class<?> type, String name) {
        if (type == null) {
            return false;
        }
        if (type.getName().equals(name)) {
            return true;
        }
        for (Class<?> i : type.getInterfaces()) {
            if (hasType(i, name)) {
                return true;
            }
        }
        return hasType(type.getSuperclass(), name);
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
