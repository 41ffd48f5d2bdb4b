package dev.autolog.integration.smile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.autolog.backend.DatasetInput;
import dev.autolog.dataset.DatasetDescription;
import dev.autolog.dataset.DatasetDigest;
import dev.autolog.dataset.DatasetInputs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A training matrix as a dataset input: its digest samples the first rows, copied when the training hands it over. */
class SmileDatasetsTest {

    private static double[][] matrix(int rows) {
        double[][] x = new double[rows][3];
        for (int i = 0; i < rows; i++) {
            x[i] = new double[] {i, i * 0.5, i % 7};
        }
        return x;
    }

    private static String digest(double[][] x) throws Exception {
        return DatasetDigest.of(SmileDatasets.of("train", "training", x, null).description().get());
    }

    @Test
    void theDigestHashesTheShapeAndTheFirstHundredRowsAsTheReadmeSays() throws Exception {
        double[][] x = matrix(150);
        DatasetDescription expected = DatasetDescription.inMemory().tensor("float64", -1, 3)
                .profile("features_shape", List.of(150L, 3));
        for (int i = 0; i < 100; i++) {
            expected.digestOf(x[i]);
        }
        assertEquals(DatasetDigest.of(expected), digest(x));

        double[][] lateRowChanged = matrix(150);
        lateRowChanged[120][1] = -1;
        assertEquals(digest(x), digest(lateRowChanged), "a row beyond the sample");
        double[][] sampledRowChanged = matrix(150);
        sampledRowChanged[10][1] = -1;
        assertNotEquals(digest(x), digest(sampledRowChanged), "a row in the sample");
        assertNotEquals(digest(x), digest(matrix(151)), "the shape");
    }

    private static String digest(smile.data.DataFrame frame) throws Exception {
        return DatasetDigest.of(SmileDatasets.of("train", "training", frame, null).description().get());
    }

    @Test
    void aDataFramesSchemaAndShapeAreAsSmileReportsThemAndItsDigestSamplesTheFirstHundredRows() throws Exception {
        smile.data.DataFrame frame = smile.data.DataFrame.of(matrix(150), "x", "y", "z");
        DatasetInput input = DatasetInputs.of(SmileDatasets.of("train", "training", frame, null), Map.of());
        assertEquals("{\"num_rows\": " + frame.nrow() + ", \"num_columns\": " + frame.ncol() + "}", input.profile());
        assertEquals(150, frame.nrow());
        assertEquals(java.util.Arrays.stream(frame.schema().fields()).map(f -> "{\"type\": \"double\", \"name\": \""
                + f.name + "\"}").collect(java.util.stream.Collectors.joining(", ", "{\"mlflow_colspec\": [", "]}")),
                input.schema());

        double[][] lateRowChanged = matrix(150);
        lateRowChanged[120][1] = -1;
        assertEquals(digest(frame), digest(smile.data.DataFrame.of(lateRowChanged, "x", "y", "z")),
                "a row beyond the sample");
        double[][] sampledRowChanged = matrix(150);
        sampledRowChanged[10][1] = -1;
        assertNotEquals(digest(frame), digest(smile.data.DataFrame.of(sampledRowChanged, "x", "y", "z")),
                "a row in the sample");
        assertNotEquals(digest(frame), digest(smile.data.DataFrame.of(matrix(150), "x", "y", "w")), "a column name");
    }

    @Test
    void theSampleIsCopiedWhenTheTrainingHandsItOverSoLaterChangesDoNotReachTheDigest() throws Exception {
        double[][] x = matrix(150);
        String before = digest(x);
        var spec = SmileDatasets.of("train", "training", x, null);
        x[10][1] = -1; // the application reuses its array while the writer thread has not described it yet
        assertEquals(before, DatasetDigest.of(spec.description().get()));
    }
}
