package dev.autolog.integration.xgboost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.autolog.backend.DatasetInput;
import dev.autolog.dataset.DatasetDigest;
import dev.autolog.dataset.DatasetInputs;
import dev.autolog.dataset.DatasetSpec;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.Test;

/**
 * Real DMatrices: the digest hashes the labels of the first 1000 rows only, read when the training hands the matrix
 * over, so the writer thread needs nothing of a matrix the application may already have disposed.
 */
class XGBoostDatasetsTest {

    private static DMatrix matrix(int rows, int flippedLabel) throws Exception {
        float[] x = new float[rows * 2];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = i % 5;
            y[i] = (i % 3 == 0) != (i == flippedLabel) ? 1 : 0;
        }
        DMatrix m = new DMatrix(x, rows, 2, Float.NaN);
        m.setLabel(y);
        return m;
    }

    private static DatasetSpec spec(DMatrix m) throws Exception {
        List<DatasetSpec> specs = XGBoostDatasets.of(m, Map.of("train", m), null);
        assertEquals(1, specs.size());
        return specs.get(0);
    }

    private static String digest(int rows, int flippedLabel) throws Exception {
        DMatrix m = matrix(rows, flippedLabel);
        try {
            return DatasetDigest.of(spec(m).description().get());
        } finally {
            m.dispose();
        }
    }

    @Test
    void theDigestHashesTheLabelsOfTheFirstThousandRowsAndTheRowCount() throws Exception {
        String digest = digest(1500, -1);
        assertEquals(digest, digest(1500, -1));
        assertNotEquals(digest, digest(1500, 999), "the last row of the sample");
        assertEquals(digest, digest(1500, 1000), "the first row beyond the sample");
        assertNotEquals(digest, digest(1501, -1), "the number of rows");
    }

    @Test
    void theMatrixsOwnFeatureNamesAndTypesAreTheSchemaAndItsShapeTheProfile() throws Exception {
        DMatrix m = matrix(1500, -1);
        try {
            m.setFeatureNames(new String[] {"age", "visits"});
            m.setFeatureTypes(new String[] {"int", "q"});
            DatasetInput input = DatasetInputs.of(spec(m), Map.of());
            assertEquals("{\"mlflow_colspec\": [{\"type\": \"long\", \"name\": \"age\"}, {\"type\": \"double\", "
                    + "\"name\": \"visits\"}]}", input.schema());
            assertEquals("{\"num_rows\": " + m.rowNum() + ", \"num_columns\": 2}", input.profile());
            assertEquals(List.of("age", "visits"), List.of(m.getFeatureNames()));
        } finally {
            m.dispose();
        }
    }

    /** A training that threw has no Booster to count the columns of an unnamed matrix: none are claimed. */
    @Test
    void anUnnamedMatrixOfATrainingWithoutABoosterHasNoSchemaAndNoColumnCount() throws Exception {
        DMatrix m = matrix(30, -1);
        try {
            DatasetInput input = DatasetInputs.of(spec(m), Map.of());
            assertEquals(null, input.schema());
            assertEquals("{\"num_rows\": 30}", input.profile());
        } finally {
            m.dispose();
        }
    }

    @Test
    void theSampleIsCopiedWhenTheTrainingHandsTheMatrixOverSoItMayBeDisposedAtOnce() throws Exception {
        String before = digest(1500, -1);
        DMatrix m = matrix(1500, -1);
        DatasetSpec spec = spec(m);
        m.setLabel(new float[1500]); // the application reuses the matrix, then frees it, before the writer describes it
        m.dispose();
        assertEquals(before, DatasetDigest.of(spec.description().get()));
    }
}
