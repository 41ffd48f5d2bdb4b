package dev.autolog.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first rows a model was trained on, as MLflow stores an input example: a DataFrame in pandas "split" form
 * ({@code columns} + {@code data}) or a tensor (a nested list, {@code columns} null).
 */
public record InputExample(List<String> columns, List<?> rows) {
    /** MLflow logs at most this many rows. */
    public static final int MAX_ROWS = 5;

    public InputExample {
        rows = List.copyOf(rows.subList(0, Math.min(MAX_ROWS, rows.size())));
        columns = columns == null ? null : List.copyOf(columns);
    }

    public static InputExample dataframe(List<String> columns, List<List<Object>> rows) {
        return new InputExample(columns, rows);
    }

    public static InputExample tensor(List<?> rows) {
        return new InputExample(null, rows);
    }

    boolean isDataframe() {
        return columns != null;
    }

    /** {@code input_example.json}. */
    String exampleJson() {
        return isDataframe() ? Json.of(split()) : Json.of(rows);
    }

    /** {@code serving_input_example.json}: the example as a scoring-server request. */
    String servingJson() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put(isDataframe() ? "dataframe_split" : "inputs", isDataframe() ? split() : rows);
        return Json.of(request);
    }

    Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("artifact_path", ModelDirectory.INPUT_EXAMPLE);
        info.put("serving_input_path", ModelDirectory.SERVING_INPUT_EXAMPLE);
        if (isDataframe()) {
            info.put("pandas_orient", "split");
            info.put("type", "dataframe");
        } else {
            info.put("type", "ndarray");
        }
        return info;
    }

    private Map<String, Object> split() {
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("columns", columns);
        split.put("data", rows);
        return split;
    }
}
