package dev.autolog.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autolog.backend.DatasetInput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The digest as the README defines it, and the JSON and limits of what the writer makes of a dataset. */
class DatasetDigestTest {

    private static DatasetDescription twoColumns(String path, float[] sample, String version) {
        return DatasetDescription.file(path).columns(List.of("f0", "f1"), List.of("double", "double"))
                .profile("num_rows", 3).profile("num_elements", 6).digestOf(sample).digestOf(version);
    }

    @Test
    void digestIsMd5OverSchemaProfileAndPartsAsTheReadmeSays() {
        // computed independently with Python's hashlib: md5 of ('s', len, "autolog-dataset-1"), the schema JSON,
        // the profile JSON, ('f', 12, three big-endian floats), ('s', 2, "v1"); the first 8 hex characters
        assertEquals("04bbaecb", DatasetDigest.of(twoColumns("/data/train.csv", new float[] {1, 2, 3}, "v1")));
    }

    @Test
    void sameDataGivesTheSameDigestWhereverItLivesAndOtherDataAnother() {
        String digest = DatasetDigest.of(twoColumns("/data/train.csv", new float[] {1, 2, 3}, "v1"));
        assertEquals(digest, DatasetDigest.of(twoColumns("/elsewhere/copy.csv", new float[] {1, 2, 3}, "v1")));
        assertNotEquals(digest, DatasetDigest.of(twoColumns("/data/train.csv", new float[] {1, 2, 4}, "v1")));
        assertNotEquals(digest, DatasetDigest.of(twoColumns("/data/train.csv", new float[] {1, 2, 3}, "v2")));
        assertNotEquals(digest, DatasetDigest.of(DatasetDescription.file("/data/train.csv")
                .columns(List.of("f0", "f1"), List.of("double", "double")).profile("num_rows", 4)
                .profile("num_elements", 8).digestOf(new float[] {1, 2, 3}).digestOf("v1")));
    }

    @Test
    void inputCarriesMlflowsJsonAndInMemoryDataGetsTheRunsSourceTags() {
        DatasetInput file = DatasetInputs.of(DatasetSpec.of("train", "training",
                () -> twoColumns("/data/train.csv", new float[] {1, 2, 3}, "v1")), Map.of());
        assertEquals(new DatasetInput("train", "04bbaecb", "local", "{\"uri\": \"/data/train.csv\"}",
                "{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"f0\"}, {\"type\": \"double\", \"name\": \"f1\"}]}",
                "{\"num_rows\": 3, \"num_elements\": 6}", "training"), file);

        DatasetInput memory = DatasetInputs.of(DatasetSpec.of(null, "eval",
                () -> DatasetDescription.inMemory().tensor("float32", -1, 4).profile("features_shape", List.of(10, 4))),
                Map.of("mlflow.user", "alice", "mlflow.source.name", "Main", "mlflow.source.type", "LOCAL",
                        "mlflow.source.git.commit", "abc"));
        assertEquals("dataset", memory.name());
        assertEquals("code", memory.sourceType());
        assertEquals("{\"tags\": {\"mlflow.user\": \"alice\", \"mlflow.source.name\": \"Main\", "
                + "\"mlflow.source.type\": \"LOCAL\"}}", memory.source());
        assertEquals("{\"mlflow_tensorspec\": {\"features\": \"[{\\\"type\\\": \\\"tensor\\\", \\\"tensor-spec\\\": "
                + "{\\\"dtype\\\": \\\"float32\\\", \\\"shape\\\": [-1, 4]}}]\", \"targets\": null}}", memory.schema());
    }

    @Test
    void fieldsStayWithinMlflowServerLimits() {
        String longName = "n".repeat(600);
        DatasetInput cut = DatasetInputs.of(DatasetSpec.of(longName, "c".repeat(600),
                () -> DatasetDescription.file("/d.csv").columns(
                        java.util.stream.IntStream.range(0, 3000).mapToObj(i -> "feature_" + i).toList(),
                        java.util.Collections.nCopies(3000, "double"))), Map.of());
        assertEquals(500, cut.name().length());
        assertEquals(500, cut.context().length());
        assertEquals(null, cut.schema()); // 3000 columns are over MLflow 2's 65,535 characters
        assertEquals(8, cut.digest().length());

        assertThrows(IllegalArgumentException.class, () -> DatasetInputs.of(DatasetSpec.of("big", null,
                () -> DatasetDescription.file("/" + "p".repeat(70_000))), Map.of()));
    }
}
