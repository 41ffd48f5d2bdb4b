package dev.autolog.integration.dl4j;

import dev.autolog.run.Training;
import java.io.File;
import java.nio.file.Files;

/**
 * After a network's {@code save(File, boolean)}: the file the user wrote becomes the run's model (read now, as
 * the user may move or delete it), and the network counts as done with.
 */
final class SaveHook extends AfterNetworkCall {

    SaveHook(NetworkRuns runs) {
        super(runs);
    }

    @Override
    public void exit(Object state, Object network, Object[] args, Object returned, Throwable thrown)
            throws Exception {
        if (thrown != null || Training.underway()) {
            return;
        }
        Training training = runs.done(network);
        if (training != null && training.logModels()) {
            byte[] zip = Files.readAllBytes(((File) args[0]).toPath());
            training.model(ModelZip.spec(network, () -> zip, runs.example(network)));
            runs.modelSaved(network);
        }
    }
}
