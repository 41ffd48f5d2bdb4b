package dev.autolog.integration.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DjlModelTest {

    @Test
    void aModelNameIsSavedAsOneFileNameInTheModelDirectory() {
        assertEquals("mlp-fit", DjlModel.fileName("mlp-fit"));
        assertEquals("exp_1_v_2_", DjlModel.fileName("exp 1/v(2)"));
        assertEquals("model.._x", DjlModel.fileName("../x"));
        assertEquals("модель_1.v2", DjlModel.fileName("модель\\1.v2"));
        assertEquals("model", DjlModel.fileName(""));
    }
}
