package dev.autolog.integration.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StagesTest {

    @Test
    void stagesAreNamedByClassWithACountOnlyWhereAClassRepeats() {
        assertEquals(List.of("String_1", "Integer", "String_2", "Long"),
                Stages.names(new Object[] {"assembler", 1, "scaler", 2L}));
    }

    @Test
    void subclassesOfAClassAreRecognisedByName() {
        assertEquals(true, Stages.is(new java.util.ArrayList<>(), "java.util.AbstractList"));
        assertEquals(false, Stages.is(new java.util.ArrayList<>(), "java.util.LinkedList"));
        assertEquals(false, Stages.is(null, "java.lang.Object"));
    }
}
