package dev.autolog.integration.smile;

import dev.autolog.agent.tooling.TrainingHook;
import java.lang.reflect.Method;

/** A Smile training hook on a static method: framework {@code smile}, version from the declaring class's loader. */
abstract class SmileTrainingHook extends TrainingHook {

    SmileTrainingHook(String hookId) {
        super("smile", hookId);
    }

    @Override
    protected final String version(Object self, Object[] args) {
        return SmileVersions.version(((Method) self).getDeclaringClass().getClassLoader());
    }
}
