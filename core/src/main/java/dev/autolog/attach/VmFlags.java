package dev.autolog.attach;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;

/** The JVM flags that decide whether an agent may be loaded at run time, read from the running JVM. */
final class VmFlags {
    private static final String DYNAMIC_LOADING = "EnableDynamicAgentLoading";

    private VmFlags() {
    }

    /** Why this JVM will refuse an agent loaded at run time, or null when it should accept one. */
    static String refusal() {
        if ("true".equals(value("DisableAttachMechanism"))) {
            return "this JVM was started with -XX:+DisableAttachMechanism, so no agent can be loaded at run time";
        }
        if ("false".equals(value(DYNAMIC_LOADING))) {
            return "this JVM refuses agents loaded at run time (-XX:-EnableDynamicAgentLoading)";
        }
        return null;
    }

    /** True on Java 21+ when {@code -XX:+EnableDynamicAgentLoading} was not given: the JVM warns about our agent. */
    static boolean warnsOfDynamicAgent() {
        if (Runtime.version().feature() < 21) {
            return false; // the flag is older than the warning (JEP 451)
        }
        VMOption option = option(DYNAMIC_LOADING);
        return option != null && option.getOrigin() == VMOption.Origin.DEFAULT;
    }

    private static String value(String name) {
        VMOption option = option(name);
        return option == null ? null : option.getValue();
    }

    /** The flag, or null where this JVM does not have it (EnableDynamicAgentLoading before Java 21, not HotSpot). */
    private static VMOption option(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name);
        } catch (IllegalArgumentException | LinkageError | SecurityException e) {
            return null;
        }
    }
}
