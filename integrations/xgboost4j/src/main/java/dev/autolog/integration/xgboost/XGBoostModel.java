package dev.autolog.integration.xgboost;

import dev.autolog.model.ModelFile;
import dev.autolog.model.ModelSpec;
import dev.autolog.model.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A trained Booster as an MLflow Model: the {@code xgboost} flavor over {@code model.ubj} and {@code python_function}
 * through {@code mlflow.xgboost} (research §2.1). The signature is read from the model's own feature names and types
 * on the writer thread.
 */
final class XGBoostModel {
    static final String DATA = "model.ubj";

    private XGBoostModel() {
    }

    /** {@code learner}: the parsed model, shared with the feature importance so the model is parsed once. */
    static ModelSpec spec(byte[] ubj, String version, Supplier<Map<?, ?>> learner) {
        return ModelSpec.of("xgboost")
                .file(ModelFile.bytes(DATA, ubj))
                .flavor("xgboost", "code", null, "data", DATA, "model_class", "xgboost.core.Booster",
                        "model_format", "ubj", "xgb_version", version)
                .pythonFunction("mlflow.xgboost", DATA, "xgboost==" + version)
                .signature(() -> signature(learner.get()))
                .build();
    }

    /**
     * The DMatrix's feature names ({@code f0..fn} when it had none) with MLflow types from its feature types;
     * the output is the float32 prediction vector ({@code [-1, k]} for {@code multi:softprob} with k classes).
     */
    static Signature signature(Map<?, ?> learner) {
        Map<?, ?> params = (Map<?, ?>) learner.get("learner_model_param");
        int features = Integer.parseInt(String.valueOf(params.get("num_feature")));
        List<?> names = learner.get("feature_names") instanceof List<?> l ? l : List.of();
        List<?> types = learner.get("feature_types") instanceof List<?> l ? l : List.of();
        List<String> columns = new ArrayList<>();
        List<String> columnTypes = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            columns.add(i < names.size() ? String.valueOf(names.get(i)) : "f" + i);
            columnTypes.add(mlflowType(i < types.size() ? String.valueOf(types.get(i)) : "float"));
        }
        Object objective = ((Map<?, ?>) learner.get("objective")).get("name");
        int classes = Integer.parseInt(Objects.toString(params.get("num_class"), "0"));
        Map<String, Object> output = "multi:softprob".equals(objective) && classes > 1
                ? Signature.tensor("float32", -1, classes) : Signature.tensor("float32", -1);
        return new Signature(Signature.columns(columns, columnTypes), List.of(output));
    }

    /** XGBoost's feature types: {@code int}, {@code i} (indicator), {@code q}/{@code float} (quantitative). */
    static String mlflowType(String xgboostType) {
        return switch (xgboostType) {
            case "int" -> "long";
            case "i" -> "boolean";
            default -> "double";
        };
    }
}
