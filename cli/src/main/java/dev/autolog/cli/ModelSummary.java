package dev.autolog.cli;

import dev.autolog.backend.LoggedModelInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A run's logged model as {@code runs show} prints it. */
final class ModelSummary {
    /** A column spec; MLflow 3 adds {@code "required": true} after the name, MLflow 2 {@code "optional": true}. */
    private static final Pattern COLUMN = Pattern.compile("\\{\"type\": \"([^\"]+)\", \"name\": \"([^\"]+)\"[,}]");
    private static final Pattern TENSOR = Pattern.compile("\"dtype\": \"([^\"]+)\", \"shape\": \\[([^]]*)]");

    private ModelSummary() {
    }

    static List<String> row(LoggedModelInfo m) {
        return List.of(m.name(), m.modelId(), m.status(), String.join(", ", m.flavors()), signature(m.signatureInputs()),
                String.join(", ", m.registeredVersions()));
    }

    static Map<String, Object> toJson(LoggedModelInfo m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("path", m.name());
        json.put("model_id", m.modelId());
        json.put("status", m.status());
        json.put("flavors", m.flavors());
        json.put("signature_inputs", m.signatureInputs());
        json.put("registered_versions", m.registeredVersions());
        return json;
    }

    /** {@code f0:double, f1:double} for columns, {@code float32[-1, 4]} for tensors, empty without a signature. */
    static String signature(String inputsJson) {
        if (inputsJson == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        Matcher column = COLUMN.matcher(inputsJson);
        while (column.find()) {
            parts.add(column.group(2) + ":" + column.group(1));
        }
        Matcher tensor = TENSOR.matcher(inputsJson);
        while (tensor.find()) {
            parts.add(tensor.group(1) + "[" + tensor.group(2) + "]");
        }
        return String.join(", ", parts);
    }
}
