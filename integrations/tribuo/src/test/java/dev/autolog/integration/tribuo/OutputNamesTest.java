package dev.autolog.integration.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autolog.model.Signature;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.multilabel.MultiLabel;
import org.tribuo.multilabel.MultiLabelFactory;
import org.tribuo.multilabel.baseline.IndependentMultiLabelTrainer;
import org.tribuo.multilabel.evaluation.MultiLabelEvaluation;
import org.tribuo.multilabel.evaluation.MultiLabelEvaluator;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** A real multi-label model's per-label metrics and output columns are named after its labels, as Tribuo names them. */
class OutputNamesTest {

    private static MutableDataset<MultiLabel> tagged() {
        MultiLabelFactory factory = new MultiLabelFactory();
        MutableDataset<MultiLabel> d = new MutableDataset<>(new SimpleDataSourceProvenance("tagged", factory), factory);
        String[][] tags = {{"sports"}, {"politics"}, {"sports", "politics"}, {"sports"}};
        for (int i = 0; i < 12; i++) {
            Set<Label> labels = new java.util.HashSet<>();
            for (String tag : tags[i % tags.length]) {
                labels.add(new Label(tag));
            }
            d.add(new ArrayExample<>(new MultiLabel(labels), new String[] {"w0", "w1"}, new double[] {i % 4, i % 3}));
        }
        return d;
    }

    private static Model<MultiLabel> trained(MutableDataset<MultiLabel> data) {
        return new IndependentMultiLabelTrainer(DummyClassifierTrainer.createMostFrequentTrainer()).train(data);
    }

    @Test
    void perLabelMetricsOfAMultiLabelEvaluationAreNamedAfterTheLabel() throws Exception {
        MutableDataset<MultiLabel> data = tagged();
        MultiLabelEvaluation evaluation = new MultiLabelEvaluator().evaluate(trained(data), data);

        Map<String, Double> metrics = new TreeMap<>(EvaluationMetrics.of(evaluation));

        for (String label : List.of("sports", "politics")) {
            MultiLabel output = new MultiLabel(label);
            assertEquals(evaluation.f1(output), metrics.get("f1_" + label), metrics::toString);
            assertEquals(evaluation.precision(output), metrics.get("precision_" + label), metrics::toString);
            assertEquals(evaluation.recall(output), metrics.get("recall_" + label), metrics::toString);
        }
        assertEquals(evaluation.macroAveragedF1(), metrics.get("f1_macro"));
    }

    @Test
    void theSignatureOfAMultiLabelModelHasOneColumnPerLabel() throws Exception {
        Model<MultiLabel> model = trained(tagged());

        Signature signature = FeatureColumns.signature(model);

        List<String> labels = new java.util.ArrayList<>();
        for (int id = 0; id < model.getOutputIDInfo().size(); id++) {
            labels.add(model.getOutputIDInfo().getOutput(id).getLabelString());
        }
        assertEquals(Set.of("sports", "politics"), Set.copyOf(labels));
        assertEquals(Signature.columns(labels, List.of("double", "double")), signature.outputs());
    }
}
