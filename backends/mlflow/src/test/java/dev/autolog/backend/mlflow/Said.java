package dev.autolog.backend.mlflow;

import dev.autolog.logging.Diagnostics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What the agent says on stderr while an action runs. */
final class Said {
    interface Action {
        void run() throws Exception;
    }

    private Said() {
    }

    static String during(Action action) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream before = Diagnostics.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            Diagnostics.setOutput(before);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
