package dev.autolog.logging;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What the agent says on stderr while an action runs. */
public final class Said {
    private Said() {
    }

    /** The lines {@link Diagnostics} printed while {@code action} ran. */
    public static List<String> during(Runnable action) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream before = Diagnostics.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            Diagnostics.setOutput(before);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
