package dev.autolog.backend.mlflow;

import dev.autolog.cli.Command;
import dev.autolog.cli.CommandProvider;

/** Puts {@code sync} into the agent jar's command table. */
public final class SyncCommandProvider implements CommandProvider {
    @Override
    public String name() {
        return "sync";
    }

    @Override
    public String summary() {
        return "send the runs of a local store to an MLflow tracking server (--from <dir> --to <url>)";
    }

    @Override
    public Command command() {
        return SyncCommand::run;
    }
}
