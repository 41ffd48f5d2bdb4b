package dev.autolog.integration.xgboost;

import dev.autolog.agent.tooling.Reflect;
import dev.autolog.dataset.DatasetDescription;
import dev.autolog.dataset.DatasetSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The DMatrices of a training as dataset inputs: the training matrix (context {@code training}, named after its
 * watch, else {@code train}) and every other watch (name and context = the watch name). On the training thread,
 * while the application still holds the matrices, each is read once: rows, feature names and types, the model's
 * column count, and the labels of the first {@value #SAMPLE_ROWS} rows (through {@code slice}, so the copy is
 * bounded); the JSON and digest come later on the writer thread. XGBoost's Java API cannot read feature values
 * back, so the labels are the sample the digest hashes, and for a matrix read from a file ({@link DMatrixFiles}) the
 * file is its source and its size and sampled bytes are hashed too.
 */
final class XGBoostDatasets {
    static final int SAMPLE_ROWS = 1000;

    private XGBoostDatasets() {
    }

    static List<DatasetSpec> of(Object dtrain, Map<?, ?> watches, Object booster) throws Exception {
        long columns = booster == null ? -1 : ((Number) Reflect.call(booster, "getNumFeature")).longValue();
        String trainName = "train";
        for (Map.Entry<?, ?> watch : watches.entrySet()) {
            if (watch.getValue() == dtrain) {
                trainName = String.valueOf(watch.getKey());
                break;
            }
        }
        List<DatasetSpec> specs = new ArrayList<>();
        Matrix train = Matrix.read(dtrain, columns);
        specs.add(DatasetSpec.of(trainName, "training", train::describe));
        for (Map.Entry<?, ?> watch : watches.entrySet()) {
            if (watch.getValue() != dtrain && watch.getValue() != null) {
                String name = String.valueOf(watch.getKey());
                specs.add(DatasetSpec.of(name, name, Matrix.read(watch.getValue(), columns)::describe));
            }
        }
        return specs;
    }

    /** What the training thread copies of one DMatrix. */
    record Matrix(long rows, long columns, String[] names, String[] types, float[] labelSample, MatrixFile file) {

        static Matrix read(Object dmatrix, long modelColumns) throws Exception {
            long rows = ((Number) Reflect.call(dmatrix, "rowNum")).longValue();
            String[] names = strings(dmatrix, "getFeatureNames");
            String[] types = strings(dmatrix, "getFeatureTypes");
            // without a Booster (the training threw) only the matrix's own names tell its columns, if it has any
            long columns = modelColumns >= 0 ? modelColumns : names.length > 0 ? names.length : -1;
            return new Matrix(rows, columns, names, types, labels(dmatrix, rows), DMatrixFiles.of(dmatrix));
        }

        private static String[] strings(Object dmatrix, String getter) {
            try {
                Object v = Reflect.call(dmatrix, getter);
                return v instanceof String[] s ? s : new String[0];
            } catch (Exception e) {
                return new String[0];
            }
        }

        private static float[] labels(Object dmatrix, long rows) throws Exception {
            if (rows <= SAMPLE_ROWS) {
                return (float[]) Reflect.call(dmatrix, "getLabel");
            }
            int[] first = new int[SAMPLE_ROWS];
            Arrays.setAll(first, i -> i);
            Object slice = Reflect.call(dmatrix, "slice", (Object) first);
            try {
                return (float[]) Reflect.call(slice, "getLabel");
            } finally {
                Reflect.call(slice, "dispose");
            }
        }

        DatasetDescription describe() {
            DatasetDescription d = (file == null ? DatasetDescription.inMemory() : file.source())
                    .profile("num_rows", rows);
            if (columns >= 0) {
                List<String> columnNames = new ArrayList<>();
                List<String> columnTypes = new ArrayList<>();
                for (int i = 0; i < columns; i++) {
                    columnNames.add(i < names.length ? names[i] : "f" + i);
                    columnTypes.add(XGBoostModel.mlflowType(i < types.length ? types[i] : "float"));
                }
                d.columns(columnNames, columnTypes).profile("num_columns", columns);
            }
            return d.digestOf(labelSample);
        }
    }
}
