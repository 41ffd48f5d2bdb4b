package dev.autolog.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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
}
