package dev.autolog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesNestedValuesAndPrimitiveArrays() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\nd");
        m.put("n", 3L);
        m.put("d", 0.25);
        m.put("nan", Double.NaN);
        m.put("list", Arrays.asList(true, null));
        m.put("steps", new long[] {0, 1});
        m.put("values", new double[] {1.5, Double.POSITIVE_INFINITY});
        assertEquals("{\"s\":\"a\\\"b\\\\c\\u000ad\",\"n\":3,\"d\":0.25,\"nan\":null,\"list\":[true,null],"
                + "\"steps\":[0,1],\"values\":[1.5,null]}", Json.write(m));
    }

    @Test
    void escapesMarkupSoThatNoStringCanCloseAScriptElement() {
        assertEquals("\"\\u003c/script\\u003e\\u0026\"", Json.write("</script>&"));
        assertEquals("[\"\\u2028\"]", Json.write(List.of("\u2028")));
    }
}
