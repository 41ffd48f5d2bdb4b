package dev.autolog.integration.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DescribedTest {
    enum Kind { UNIFORM }

    static class Base {
        private final float rescaleGrad = 1.0f;
        private int numUpdate = 42;
        private final Map<String, Integer> updateCounts = new LinkedHashMap<>();
    }

    static final class Adamish extends Base {
        private static final int IGNORED = 7;
        private final Object learningRateTracker = List.of("tracker");
        private final float beta1 = 0.9f;
        private final Kind kind = Kind.UNIFORM;
        private final String name = "adam";
        private final Double epsilon = null;
    }

    @Test
    void scalarFieldsOfTheClassThenItsSuperclassesWithoutStaticsStateOrObjects() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("beta1", 0.9f);
        expected.put("kind", Kind.UNIFORM);
        expected.put("name", "adam");
        expected.put("epsilon", null);
        expected.put("rescaleGrad", 1.0f);
        assertEquals(expected, Described.fields(new Adamish()));
    }

    @Test
    void textIsTheSimpleClassNameWithTheScalarFields() {
        assertEquals("Adamish(beta1=0.9, kind=UNIFORM, name=adam, epsilon=null, rescaleGrad=1.0)",
                Described.text(new Adamish()));
        assertEquals("Object()", Described.text(new Object()));
    }

    @Test
    void aPrivateFieldIsFoundInTheClassOrItsSuperclassesAndAnAbsentOneIsNull() {
        Adamish adam = new Adamish();
        assertSame(adam.learningRateTracker, Described.field(adam, "learningRateTracker"));
        assertEquals(42, Described.field(adam, "numUpdate"));
        assertNull(Described.field(adam, "nothing"));
    }
}
