package dev.autolog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AutologSparkPluginTest {

    @Test
    void javaVersionsOfEveryNamingSchemeAreRead() {
        assertEquals(8, AutologSparkPlugin.javaFeatureVersion("1.8"));
        assertEquals(11, AutologSparkPlugin.javaFeatureVersion("11"));
        assertEquals(17, AutologSparkPlugin.javaFeatureVersion("17"));
        assertEquals(25, AutologSparkPlugin.javaFeatureVersion("25.0.1"));
    }

    @Test
    void anUnreadableVersionIsTriedRatherThanRefused() {
        assertEquals(Integer.MAX_VALUE, AutologSparkPlugin.javaFeatureVersion(""));
        assertEquals(Integer.MAX_VALUE, AutologSparkPlugin.javaFeatureVersion("ea"));
    }
}
