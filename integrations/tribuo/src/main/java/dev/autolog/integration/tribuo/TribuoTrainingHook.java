package dev.autolog.integration.tribuo;

import dev.autolog.agent.tooling.TrainingHook;

/** A Tribuo training hook: framework {@code tribuo}, version from the loader of the object trained with. */
abstract class TribuoTrainingHook extends TrainingHook {

    TribuoTrainingHook(String hookId) {
        super("tribuo", hookId);
    }

    @Override
    protected final String version(Object self, Object[] args) {
        return TribuoVersions.version(self.getClass().getClassLoader());
    }
}
