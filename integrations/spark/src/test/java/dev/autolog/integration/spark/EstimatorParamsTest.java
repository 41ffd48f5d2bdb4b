package dev.autolog.integration.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.OneVsRest;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.Param;
import org.junit.jupiter.api.Test;

/** Real Spark estimators (no session needed to build them): the params a fit logs against what Spark holds. */
class EstimatorParamsTest {

    @Test
    void aOneVsRestLogsItsClassifiersClassAndEveryParamOfItUnderClassifierDot() throws Exception {
        LogisticRegression lr = new LogisticRegression().setMaxIter(5).setRegParam(0.1);
        OneVsRest ovr = new OneVsRest().setClassifier(lr).setParallelism(2);

        Map<String, String> logged = logged(ovr);

        Map<String, String> expected = new LinkedHashMap<>(sparkHolds(ovr, ""));
        expected.put("classifier", "LogisticRegression");
        expected.putAll(sparkHolds(lr, "classifier."));
        assertEquals(expected, logged);
        assertEquals("5", logged.get("classifier.maxIter"));
        assertEquals("0.1", logged.get("classifier.regParam"));
        assertEquals("2", logged.get("parallelism"));
    }

    @Test
    void aOneVsRestInAPipelineIsPrefixedByItsStageAndItsClassifierUidMapsToThatPrefix() throws Exception {
        LogisticRegression lr = new LogisticRegression().setMaxIter(7);
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"a", "b"});
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, new OneVsRest().setClassifier(lr)});

        Map<String, String> logged = logged(pipeline);

        assertEquals("VectorAssembler,OneVsRest", logged.get("stages"));
        assertEquals("LogisticRegression", logged.get("OneVsRest.classifier"));
        assertEquals("7", logged.get("OneVsRest.classifier.maxIter"));
        assertEquals("OneVsRest.classifier.", Stages.prefixes(pipeline).get(lr.uid()));
    }

    private static Map<String, String> logged(Object estimator) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        EstimatorParams.log((k, v) -> {
            if (out.put(k, String.valueOf(v)) != null) {
                throw new AssertionError("logged twice: " + k);
            }
        }, estimator);
        return out;
    }

    private static Map<String, String> sparkHolds(org.apache.spark.ml.param.Params params, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Param<?> p : params.params()) {
            @SuppressWarnings("unchecked")
            Param<Object> param = (Param<Object>) p;
            Object v = params.isDefined(param) ? params.getOrDefault(param) : null;
            if (v != null && !(v instanceof org.apache.spark.ml.param.Params)) {
                out.put(prefix + param.name(), v instanceof String || v instanceof Number || v instanceof Boolean
                        ? String.valueOf(v) : param.jsonEncode(v));
            }
        }
        return out;
    }
}
