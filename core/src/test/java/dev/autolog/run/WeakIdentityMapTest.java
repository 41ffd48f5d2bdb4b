package dev.autolog.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {
    /** A key type whose instances are all equal, like a model class with a value-based equals. */
    private static final class AlwaysEqual {
        @Override
        public boolean equals(Object o) {
            return o instanceof AlwaysEqual;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    @Test
    void keysAreComparedByIdentity() {
        WeakIdentityMap<String> map = new WeakIdentityMap<>();
        AlwaysEqual a = new AlwaysEqual();
        AlwaysEqual b = new AlwaysEqual();
        map.put(a, "a");
        map.put(b, "b");
        assertEquals("a", map.get(a));
        assertEquals("b", map.get(b));
        assertNull(map.get(new AlwaysEqual()));
        assertEquals("a", map.remove(a));
        assertNull(map.get(a));
        assertEquals(1, map.size());
    }

    @Test
    void collectedKeysHandTheirValuesBackOnce() throws Exception {
        WeakIdentityMap<String> map = new WeakIdentityMap<>();
        Object kept = new Object();
        map.put(kept, "kept");
        map.put(new Object(), "dropped");
        List<String> collected = new ArrayList<>();
        for (int i = 0; i < 50 && collected.isEmpty(); i++) {
            System.gc();
            Thread.sleep(20);
            collected.addAll(map.removeCollected());
        }
        assertEquals(List.of("dropped"), collected);
        assertTrue(map.removeCollected().isEmpty());
        assertEquals("kept", map.get(kept));
    }
}
