package dev.autolog.agent;

import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class AutologAgentTest {
    @Test
    void theAgentLoadersParentIsTheJdksPlatformLoaderFoundWithoutReflection() throws Exception {
        ClassLoader platform = (ClassLoader) ClassLoader.class.getMethod("getPlatformClassLoader").invoke(null);
        assertSame(platform, AutologAgent.platformLoader());
    }
}
