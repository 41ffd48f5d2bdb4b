package dev.autolog.integration.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.autolog.backend.DatasetInput;
import dev.autolog.dataset.DatasetDigest;
import dev.autolog.dataset.DatasetInputs;
import dev.autolog.dataset.DatasetSpec;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * A real Tribuo dataset as the training's input: its profile as Tribuo reports it, and a digest over the first 100
 * examples taken when the training hands the dataset over (not the provenance's creation time).
 */
class TribuoDatasetsTest {
    private static final String[] NAMES = {"a", "b", "c"};

    private static MutableDataset<Label> dataset(int examples, int changedExample, OffsetDateTime created) {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("generated", created, labels),
                labels);
        for (int i = 0; i < examples; i++) {
            add(d, i, i == changedExample ? -1 : i * 0.5);
        }
        return d;
    }

    private static void add(MutableDataset<Label> d, int i, double b) {
        d.add(new ArrayExample<>(new Label(i % 2 == 0 ? "even" : "odd"), NAMES, new double[] {i, b, i % 7}));
    }

    private static String digest(MutableDataset<Label> d) throws Exception {
        return DatasetDigest.of(TribuoDatasets.training(d).description().get());
    }

    @Test
    void theProfileIsWhatTribuoReportsAndTheDigestSamplesTheFirstHundredExamples() throws Exception {
        OffsetDateTime created = OffsetDateTime.parse("2026-01-02T03:04:05Z");
        MutableDataset<Label> d = dataset(150, -1, created);
        DatasetInput input = DatasetInputs.of(TribuoDatasets.training(d), Map.of());
        assertEquals("{\"num_examples\": " + d.size() + ", \"num_features\": " + d.getFeatureMap().size()
                + ", \"num_outputs\": " + d.getOutputInfo().size() + ", \"output_domain\": [\"" + String.join("\", \"",
                d.getOutputInfo().getDomain().stream().map(Label::getLabel).toList()) + "\"]}", input.profile());
        assertEquals(150, d.size());
        assertEquals("{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"a\"}, {\"type\": \"double\", \"name\": "
                + "\"b\"}, {\"type\": \"double\", \"name\": \"c\"}]}", input.schema());
        assertEquals("code", input.sourceType(), "generated data");

        String digest = digest(d);
        assertEquals(digest, digest(dataset(150, -1, created.plusHours(1))), "the same data made an hour later");
        assertEquals(digest, digest(dataset(150, 120, created)), "an example beyond the sample");
        assertNotEquals(digest, digest(dataset(150, 10, created)), "an example in the sample");
        assertNotEquals(digest, digest(dataset(151, -1, created)), "the number of examples");
    }

    @Test
    void theSampleIsTakenWhenTheTrainingHandsTheDatasetOver() throws Exception {
        OffsetDateTime created = OffsetDateTime.parse("2026-01-02T03:04:05Z");
        MutableDataset<Label> d = dataset(50, -1, created);
        DatasetSpec spec = TribuoDatasets.training(d);
        add(d, 50, 0.0); // the application adds to its dataset while the writer thread has not described it yet
        assertEquals(digest(dataset(50, -1, created)), DatasetDigest.of(spec.description().get()));
    }
}
