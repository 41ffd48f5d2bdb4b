package dev.autolog.integration.smile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.autolog.dataset.DatasetDescription;
import dev.autolog.dataset.DatasetDigest;
import java.util.List;
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

    @Test
    void theSampleIsCopiedWhenTheTrainingHandsItOverSoLaterChangesDoNotReachTheDigest() throws Exception {
        double[][] x = matrix(150);
        String before = digest(x);
        var spec = SmileDatasets.of("train", "training", x, null);
        x[10][1] = -1; // the application reuses its array while the writer thread has not described it yet
        assertEquals(before, DatasetDigest.of(spec.description().get()));
    }
}
