package dev.autolog.agent.tooling;

import dev.autolog.logging.Diagnostics;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/** Counts instrumentation failures (Byte Buddy swallows them) and, with debug on, says what was instrumented. */
final class ErrorListener extends AgentBuilder.Listener.Adapter {

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable t) {
        Diagnostics.instrumentationError(typeName, t);
    }

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                 DynamicType dynamicType) {
        Diagnostics.debug("instrumented " + type.getName());
    }
}
