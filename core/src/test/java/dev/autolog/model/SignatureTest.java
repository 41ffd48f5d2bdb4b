package dev.autolog.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignatureTest {

    @Test
    void aNamedTensorSpecIsMlflowsTensorSpecWithItsNameFirst() {
        Signature signature = new Signature(List.of(Signature.namedTensor("in", "float32", -1, 4)),
                List.of(Signature.namedTensor("out", "float64", -1, 1)));

        assertEquals("[{\"name\": \"in\", \"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": "
                + "[-1, 4]}}]", signature.toMlModel().get("inputs"));
        assertEquals("[{\"name\": \"out\", \"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float64\", \"shape\": "
                + "[-1, 1]}}]", signature.toMlModel().get("outputs"));
    }

    @Test
    void aFrameworkTypeWithoutAnMlflowColumnTypeFailsTheSignatureNamingTheColumn() {
        Map<String, String> types = Map.of("Int", "integer");

        assertEquals("integer", Signature.columnType(types, "Smile", "x1", "Int"));
        assertEquals("column when of Smile type Time has no MLflow column type", assertThrows(
                IllegalArgumentException.class, () -> Signature.columnType(types, "Smile", "when", "Time")).getMessage());
    }
}
