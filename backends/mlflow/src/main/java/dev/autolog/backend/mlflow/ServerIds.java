package dev.autolog.backend.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * Ids a server answers (experiment, run, LoggedModel), checked before they are kept in a sync state or go into a URL
 * path or a request: a broken or hostile server's empty answer, an object where the id goes, or text that is no id
 * would otherwise be recorded as the run's id on the server, and the run be "sent" nowhere for good.
 */
final class ServerIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private ServerIds() {
    }

    /**
     * The id {@code value} holds (a string, or a whole number); a refusal of the answer, naming {@code where} it came
     * from, when it holds none. The value itself is not shown: it may be anything the server echoed.
     */
    static String checked(JsonNode value, String field, String where) throws MlflowError {
        String id = value.isTextual() || value.isIntegralNumber() ? value.asText() : "";
        if (!ID.matcher(id).matches()) {
            throw new MlflowError(where + ": the answer has no usable " + field + " (" + kind(value)
                    + "; accepted: 1 to 100 letters, digits, '_' or '-'); it is not MLflow's answer", 200, "", null,
                    null);
        }
        return id;
    }

    private static String kind(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "none";
        }
        return value.isTextual() ? (value.asText().isEmpty() ? "empty" : "other text")
                : "a JSON " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
