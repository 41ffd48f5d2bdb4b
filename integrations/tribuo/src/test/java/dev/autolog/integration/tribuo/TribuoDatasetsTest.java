package dev.autolog.integration.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;

import dev.autolog.backend.DatasetInput;
import dev.autolog.dataset.DatasetDigest;
import dev.autolog.dataset.DatasetInputs;
import dev.autolog.dataset.DatasetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.data.csv.CSVLoader;
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
    void aCsvFileIsTheSourceWithTribuosHashOfItAndTheLoadersSettingsAsTribuoRecordedThem(@TempDir Path dir)
            throws Exception {
        Path csv = dir.resolve("train.csv");
        StringBuilder text = new StringBuilder("a;b;label\n");
        for (int i = 0; i < 20; i++) {
            text.append(i).append(';').append(i % 3).append(';').append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        Files.writeString(csv, text);
        MutableDataset<Label> d = new MutableDataset<>(new CSVLoader<>(';', new LabelFactory())
                .loadDataSource(csv, "label"));

        DatasetInput input = DatasetInputs.of(TribuoDatasets.training(d), Map.of());
        Map<?, ?> recorded = (Map<?, ?>) ProvenanceUtil.convertToMap(d.getProvenance()).get("datasource");
        String hash = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(csv)));
        assertEquals(hash, recorded.get("resource-hash"), recorded::toString);
        assertEquals("local", input.sourceType());
        assertTrue(input.source().startsWith("{\"uri\": \"" + csv.toAbsolutePath() + "\", \"resource_hash\": \"" + hash
                + "\", \"provenance\": {"), input.source());
        assertTrue(input.source().contains("\"separator\": \"" + recorded.get("separator") + "\""), input.source());
        assertEquals(";", recorded.get("separator"));
        assertTrue(input.source().contains("\"class-name\": \"" + recorded.get("class-name") + "\""), input.source());
        assertEquals("{\"num_examples\": 20, \"num_features\": 2, \"num_outputs\": 2, \"output_domain\": [\""
                + String.join("\", \"", d.getOutputInfo().getDomain().stream().map(Label::getLabel).toList()) + "\"]}",
                input.profile());
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
